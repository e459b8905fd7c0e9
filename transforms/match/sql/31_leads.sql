-- leads: one golden record per lead of this run (grain: lead_id), pivoted from lead_provenance,
-- with what the member rows say together: every phone, the sources, and row-level signals.
with picked as (
    select
        lead_id,
        max(value) filter (where field = 'name') as name_value,
        max(value) filter (where field = 'company') as company_value,
        max(value) filter (where field = 'phone') as phone,
        max(value) filter (where field = 'email') as email,
        max(value) filter (where field = 'job_title') as job_title,
        max(value) filter (where field = 'address') as address,
        max(value) filter (where field = 'city') as city,
        max(value) filter (where field = 'postcode') as postcode,
        max(value) filter (where field = 'region') as region,
        max(value) filter (where field = 'country') as country,
        max(value) filter (where field = 'employees') as employees,
        max(value) filter (where field = 'industry') as industry,
        max(value) filter (where field = 'budget') as budget,
        max(value) filter (where field = 'timeline') as timeline,
        max(value) filter (where field = 'notes') as notes,
        max(value) filter (where field = 'contract_end')::date as contract_end
    from lead_provenance
    group by lead_id
),

source_names as (
    select source_file, arg_max(source, read_at) as source
    from source_files group by source_file
),

members as (
    select m.*, coalesce(s.source, m.source_file) as source
    from lead_members m
    left join source_names s using (source_file)
    where m.lead_id in (select lead_id from lead_clusters)
),

together as (
    select
        lead_id,
        count(*) as n_rows,
        count(*) filter (where run_id = $run_id) as n_rows_this_run,
        string_agg(distinct source, ';' order by source) as sources,
        -- sorted: a list aggregated in parallel comes in any order, and the outputs must not
        list_sort(list_filter(list_distinct(flatten(list([case when phone_valid then phone_e164 end,
                                                          case when mobile_valid then mobile_e164 end]))),
                              lambda x: x is not null)) as phones,
        list_sort(list_distinct(list(email) filter (where email_valid))) as emails,
        bool_or(has_opt_out) as has_opt_out,
        bool_or(phone_valid or mobile_valid) as has_valid_phone,
        bool_or(phone_kind = 'placeholder' or mobile_kind = 'placeholder') as has_placeholder_phone,
        bool_or(phone_kind = 'premium_rate' or mobile_kind = 'premium_rate') as has_premium_phone,
        bool_or(email_valid and not email_placeholder) as has_valid_email,
        bool_or(email_placeholder) as has_placeholder_email,
        bool_or(email_disposable) as has_disposable_email,
        bool_or(email_role) as has_role_email,
        bool_or(email_raw is not null and not email_valid) as has_invalid_email,
        bool_or(phone_raw is not null and not phone_valid) or bool_or(mobile_raw is not null and not mobile_valid)
            as has_invalid_phone,
        -- the first row's, in file order (any_value takes whichever row a thread saw first)
        first(name_key order by source_file, source_row, run_id) as name_key,
        first(company_key order by source_file, source_row, run_id) filter (where company_key is not null) as company_key,
        first(email_domain order by source_file, source_row, run_id) filter (where email_domain is not null) as email_domain
    from members
    group by lead_id
),

final as (
    select
        p.lead_id,
        nullif(split_part(p.name_value, chr(31), 1), '') as honorific,
        nullif(split_part(p.name_value, chr(31), 2), '') as first_name,
        nullif(split_part(p.name_value, chr(31), 3), '') as last_name,
        nullif(split_part(p.company_value, chr(31), 1), '') as company,
        nullif(split_part(p.company_value, chr(31), 2), '') as legal_form,
        p.* exclude (lead_id, name_value, company_value),
        t.* exclude (lead_id)
    from picked p join together t using (lead_id)
)

select * from final
