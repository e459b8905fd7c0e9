-- crm_features: one row per won/lost CRM history row (grain: CRM row), described with the same
-- features the leads are scored on: seniority from the job title, company size band, industry, country
-- ('unknown' where the row does not say: a missing headcount can tell something too). `fold` (0-4)
-- puts each row in one fifth of the history, to judge the value model on rows it did not learn from.
with history as (
    select row_number() over () as crm_row, * from crm_history where outcome in ('won', 'lost')
),

final as (
    select h.crm_row, h.outcome, h.crm_row % 5 as fold,
           coalesce(t.level, case when h.job_title is null then 'none' else 'unknown' end) as seniority,
           coalesce(size_band(headcount(h.employees)), 'unknown') as size_band,  -- core/macros.sql, as for the leads
           coalesce(i.industry_key, nullif(lower(trim(h.industry)), ''), 'unknown') as industry_key,
           coalesce(h.country, 'unknown') as country
    from history h
    left join title_classes t on t.title = lower(h.job_title)
    left join industry_classes i on i.industry = lower(h.industry)
)

select * from final
