-- lead_signals: one row per lead of this run (grain: lead_id): every fact the scores are made of,
-- named as a reason code. Value facts: title role and seniority (executive, director, manager,
-- staff, junior), company size, industry, completeness, BANT fields.
-- Junk facts: placeholder or keyboard-mash names, fake/premium/invalid numbers, placeholder or
-- disposable emails, values shared by many leads, a title without a company.
with leads_ as (
    select *, lower(concat_ws(' ', first_name, last_name)) as display_name from leads
),

placeholder_tokens as (
    select list(name) as tokens from ref_placeholder_names where kind = 'token'
),

placeholder_full as (
    select list(name) as names from ref_placeholder_names where kind = 'full'
),

sizes as (
    select lead_id, headcount(employees) as employees_n from leads_  -- core/macros.sql
),

lead_phones as (
    select lead_id, unnest(phones) as shared_phone from leads_
),

shared as (
    select lp.lead_id, max(pc.leads) as leads_per_phone
    from lead_phones lp
    join (select shared_phone, count(distinct lead_id) as leads from lead_phones group by shared_phone) pc
      using (shared_phone)
    group by lp.lead_id
),

final as (
    select
        l.lead_id,
        coalesce(t.role, case when l.job_title is null then 'none' else 'unknown' end) as title_level,
        coalesce(t.level, case when l.job_title is null then 'none' else 'unknown' end) as seniority,
        s.employees_n,
        (l.first_name is not null or l.last_name is not null)::int + (l.company is not null)::int
            + (l.job_title is not null)::int + l.has_valid_phone::int + l.has_valid_email::int
            + (l.city is not null)::int as filled_fields,
        try_cast(regexp_replace(regexp_replace(l.budget, '[^0-9.,]', '', 'g'), '[.,](\d{3})', '\1', 'g') as double)
            as budget_n,
        l.timeline is not null as has_timeline,
        regexp_matches(lower(coalesce(l.timeline, '')),
            '(now|asap|immediat|urgent|this (month|quarter)|q[1-4]|1-3 month|subito|entro|сега|веднага|спешно|segera|bulan ini)')
            as timeline_soon,
        list_has_any(string_split(coalesce(l.name_key, ''), ' '), pt.tokens)
            or list_has_any(string_split(l.display_name, ' '), pt.tokens) as is_placeholder_name,
        list_contains(pf.names, l.display_name) and not (l.has_valid_email and l.company is not null)
            as is_stock_name,
        regexp_matches(coalesce(l.name_key, ''), '(^|\s)[^aeiouy\s]{4,}(\s|$)|^.$')
            or (length(replace(l.name_key, ' ', '')) >= 3
                and len(list_distinct(string_split(replace(l.name_key, ' ', ''), ''))) <= 2) as is_mash_name,
        l.name_key is null as has_no_name,
        coalesce(sh.leads_per_phone, 0) as leads_per_phone,
        l.job_title is not null and l.company is null as has_title_without_company,
        size_band(s.employees_n) as size_band,
        coalesce(ind.industry_key, nullif(lower(trim(l.industry)), '')) as industry_key,
        l.* exclude (lead_id, display_name)
    from leads_ l
    left join title_classes t on t.title = lower(l.job_title)
    left join industry_classes ind on ind.industry = lower(l.industry)
    left join sizes s using (lead_id)
    left join shared sh using (lead_id)
    cross join placeholder_tokens pt
    cross join placeholder_full pf
)

select * from final
