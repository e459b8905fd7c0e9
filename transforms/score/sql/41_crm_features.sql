-- crm_features: one row per won/lost CRM history row (grain: CRM row), described with the same
-- features the leads are scored on: seniority from the job title, company size band, industry, country.
with history as (
    select row_number() over () as crm_row, * from crm_history where outcome in ('won', 'lost')
),

sizes as (
    select crm_row,
           list_transform(regexp_extract_all(regexp_replace(coalesce(employees, ''), '(\d)[.,](\d{3})', '\1\2', 'g'),
                                             '\d+'), lambda x: x::double) as numbers
    from history
),

final as (
    select h.crm_row, h.outcome,
           coalesce(t.level, case when h.job_title is null then 'none' else 'unknown' end) as seniority,
           case when len(s.numbers) = 0 then null
                when (s.numbers[1] + s.numbers[-1]) / 2 >= 250 then '250+'
                when (s.numbers[1] + s.numbers[-1]) / 2 >= 50 then '50-249'
                when (s.numbers[1] + s.numbers[-1]) / 2 >= 10 then '10-49' else '1-9' end as size_band,
           coalesce(i.industry_key, nullif(lower(trim(h.industry)), '')) as industry_key,
           h.country
    from history h
    left join title_classes t on t.title = lower(h.job_title)
    left join industry_classes i on i.industry = lower(h.industry)
    left join sizes s using (crm_row)
)

select * from final
