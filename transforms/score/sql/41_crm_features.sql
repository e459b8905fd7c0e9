-- crm_features: the won/lost CRM deals described with the features the leads are scored on (seniority
-- from the job title, company size band, industry, country; 'unknown' where a deal does not say, which
-- can tell something too), and an `intercept` for the model's base. Grain: (pattern, feature), where a
-- pattern is one set of feature values within one fold, with how many of its deals were won and lost:
-- the model learns from thousands of deals at the cost of the few hundred ways they differ. `fold` (0-4)
-- puts each deal in one fifth of the history, to judge the value model on deals it did not learn from.
with history as (
    select row_number() over () as crm_row, * from crm_history where outcome in ('won', 'lost')
),

described as (
    select h.crm_row % 5 as fold, h.outcome = 'won' as won,
           coalesce(t.level, case when h.job_title is null then 'none' else 'unknown' end) as seniority,
           coalesce(size_band(headcount(h.employees)), 'unknown') as size_band,  -- core/macros.sql, as for the leads
           coalesce(i.industry_key, nullif(lower(trim(h.industry)), ''), 'unknown') as industry_key,
           coalesce(h.country, 'unknown') as country
    from history h
    left join title_classes t on t.title = lower(h.job_title)
    left join industry_classes i on i.industry = lower(h.industry)
),

patterns as (
    select row_number() over (order by fold, seniority, size_band, industry_key, country) as pattern, *
    from (select fold, seniority, size_band, industry_key, country, '' as intercept,
                 count(*) filter (where won) as won_n, count(*) filter (where not won) as lost_n
          from described
          group by all)
)

select pattern, fold, won_n, lost_n, feature, value
from patterns
unpivot (value for feature in (intercept, seniority, size_band, industry_key, country))
order by pattern, feature
