-- value_weights: one row per (feature, value) seen in won/lost CRM history (grain: feature, value):
-- a naive Bayes log-odds weight, ln P(value | won) - ln P(value | lost), with add-one smoothing.
-- Values never seen in the history are absent, so they weigh 0 (neutral). With no history the
-- table is empty and every lead keeps the cold-start prior of the value formula.
with long as (
    select outcome, feature, value
    from crm_features
    unpivot (value for feature in (seniority, size_band, industry_key, country))
),

totals as (
    select count(*) filter (where outcome = 'won') as won, count(*) filter (where outcome = 'lost') as lost
    from crm_features
),

counts as (
    select feature, value,
           count(*) filter (where outcome = 'won') as won_n,
           count(*) filter (where outcome = 'lost') as lost_n,
           count(*) over (partition by feature) as values_n
    from long
    group by feature, value
),

final as (
    select c.feature, c.value, c.won_n, c.lost_n,
           round(ln((c.won_n + 1) / (t.won + c.values_n)) - ln((c.lost_n + 1) / (t.lost + c.values_n)), 4) as weight
    from counts c cross join totals t
    where t.won > 0 and t.lost > 0
)

select * from final
