-- crm_features: one row per won/lost CRM history row (grain: CRM row), described with the same
-- features the leads are scored on: seniority from the job title, company size band, industry, country.
with history as (
    select row_number() over () as crm_row, * from crm_history where outcome in ('won', 'lost')
),

final as (
    select h.crm_row, h.outcome,
           coalesce(t.level, case when h.job_title is null then 'none' else 'unknown' end) as seniority,
           size_band(headcount(h.employees)) as size_band,  -- core/macros.sql, as for the leads
           coalesce(i.industry_key, nullif(lower(trim(h.industry)), '')) as industry_key,
           h.country
    from history h
    left join title_classes t on t.title = lower(h.job_title)
    left join industry_classes i on i.industry = lower(h.industry)
)

select * from final
