-- value_weights: one row per (fit, feature, value) of the won/lost CRM history (grain: fit, feature,
-- value): the value's weight in a regularised logistic model of P(won | seniority, size band, industry,
-- country), and the deals behind it. This model lays the weights out (each fit's intercept at its odds,
-- the rest at 0); `scoring.fit_value_weights` fits them (sql/steps/value_weights_step.sql). Bands are
-- weighed one by one, so a size band can weigh more than a bigger one.
-- Fit -1 learns from every deal and scores the leads; fits 0-4 each leave out their fold of the history,
-- which `value_model` scores to judge the model on deals it did not learn from.
with fits as (
    select unnest([-1, 0, 1, 2, 3, 4]) as fit
),

counts as (
    select f.fit, d.feature, d.value, sum(d.won_n) as won_n, sum(d.lost_n) as lost_n
    from fits f join crm_features d on d.fold <> f.fit
    group by all
),

final as (
    select fit, feature, value, won_n, lost_n,
           case when feature = 'intercept' then ln((won_n + 0.5) / (lost_n + 0.5)) else 0.0 end as weight
    from counts
)

select * from final order by fit, feature, value
