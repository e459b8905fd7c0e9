-- value_model: one row: whether a lead's value is learned from the CRM's won/lost history or comes
-- from the cold-start prior, and how well the learned model ranks deals it did not learn from.
-- - Learned when the history holds at least $min_deals won and as many lost deals: a lead's chance of
--   being won is the logistic model of value_weights (fit -1).
-- - Held out: each deal scored by the fit that left its fold out (value_weights fits 0-4). cv_auc is
--   the chance that a won deal outscores a lost one (ties count half); cv_log_loss their log loss.
with totals as (
    select coalesce(sum(won_n), 0) as won, coalesce(sum(lost_n), 0) as lost
    from crm_features where feature = 'intercept'
),

held_out as (
    select d.pattern, any_value(d.won_n) as won_n, any_value(d.lost_n) as lost_n,
           sum(coalesce(w.weight, 0)) as evidence
    from crm_features d left join value_weights w on w.fit = d.fold and w.feature = d.feature and w.value = d.value
    group by d.pattern
),

auc as (
    -- Mann-Whitney: for each won deal, the lost deals it outscores (a tie counts half)
    select sum(won_n * (lost_below + 0.5 * lost_n)) / nullif(any_value(t.won * t.lost), 0) as cv_auc
    from (select won_n, lost_n,
                 coalesce(sum(lost_n) over (order by evidence range between unbounded preceding and current row)
                          - lost_n, 0) as lost_below
          from (select evidence, sum(won_n) as won_n, sum(lost_n) as lost_n from held_out group by evidence)),
         totals t
),

loss as (
    select sum(-won_n * ln(greatest(p, 1e-12)) - lost_n * ln(greatest(1 - p, 1e-12))) / nullif(sum(won_n + lost_n), 0)
               as cv_log_loss
    from (select won_n, lost_n, 1 / (1 + exp(-evidence)) as p from held_out)
),

final as (
    select t.won as won_deals, t.lost as lost_deals,
           t.won >= $min_deals and t.lost >= $min_deals as learned,
           (select cv_auc from auc) as cv_auc,
           (select cv_log_loss from loss) as cv_log_loss
    from totals t
)

select * from final
