-- value_model: one row: whether a lead's value is learned from the CRM's won/lost history or comes
-- from the cold-start prior, and how well the learned model ranks deals it did not learn from.
-- - Learned when the history holds at least $min_deals won and as many lost deals: a lead's chance of
--   being won is the logistic model of value_weights (fit -1).
-- - Held out: each deal scored by the fit that left its fold out (value_weights fits 0-4). cv_auc is
--   the chance that a won deal outscores a lost one (ties count half); cv_log_loss their log loss.
with totals as (
    select count(*) filter (where outcome = 'won') as won, count(*) filter (where outcome = 'lost') as lost
    from crm_features
),

long as (
    select crm_row, fold, outcome = 'won' as won, feature, value
    from crm_features
    unpivot (value for feature in (seniority, size_band, industry_key, country))
    union all
    select crm_row, fold, outcome = 'won', 'intercept', '' from crm_features
),

held_out as (
    select l.crm_row, any_value(l.won) as won, sum(coalesce(w.weight, 0)) as evidence
    from long l left join value_weights w on w.fit = l.fold and w.feature = l.feature and w.value = l.value
    group by l.crm_row
),

auc as (
    -- Mann-Whitney: the won deals' ranks (ties at their average rank) less the least they could sum to
    select (sum(ranked.r) filter (where ranked.won) - t.won * (t.won + 1) / 2) / nullif(t.won * t.lost, 0) as cv_auc
    from (select won, rank() over (order by evidence) + (count(*) over (partition by evidence) - 1) / 2 as r
          from held_out) ranked, totals t
    group by t.won, t.lost
),

loss as (
    select avg(-ln(greatest(least(case when won then p else 1 - p end, 1 - 1e-12), 1e-12))) as cv_log_loss
    from (select won, 1 / (1 + exp(-evidence)) as p from held_out)
),

final as (
    select t.won as won_deals, t.lost as lost_deals,
           t.won >= $min_deals and t.lost >= $min_deals as learned,
           (select cv_auc from auc) as cv_auc,
           (select cv_log_loss from loss) as cv_log_loss
    from totals t
)

select * from final
