-- stg_leads: one row per input data row (grain: source_file, source_row), typed and normalised.
-- Values come from the per-distinct-value lookups (norm_*); quarantine_reason is set for rows
-- that hold no usable lead at all (unparseable, or no name, company, phone or email).
with file_offsets as (
    -- row_id numbers the rows in (source_file, source_row) order: a file's rows follow those of the
    -- files before it (no window over the whole wide table: at 10M rows it does not fit in memory)
    select source_file,
           coalesce(sum(last_row) over (order by source_file rows between unbounded preceding and 1 preceding), 0)
               as row_offset
    from (select source_file, max(source_row) as last_row from raw_rows group by source_file)
),

raw as (
    select r.*, o.row_offset + r.source_row as row_id
    from raw_rows r join file_offsets o using (source_file)
),

countries as (
    select raw.*, coalesce(nc.iso, raw.country_default) as country_iso, nc.iso as explicit_country
    from raw left join norm_countries nc on nc.raw = raw.country
),

named as (
    select c.*, nn.honorific as honorific_norm, nn.first_name as first_norm, nn.last_name as last_norm, nn.name_key, nn.first_key
    from countries c
    left join norm_names nn
      on  nn.first_raw is not distinct from c.first_name and nn.last_raw is not distinct from c.last_name
      and nn.full_raw is not distinct from c.full_name and nn.honorific_raw is not distinct from c.honorific
),

enriched as (
    select
        n.*,
        p.e164 as phone_e164, coalesce(p.is_valid, false) as phone_valid, p.kind as phone_kind, p.region as phone_region,
        m.e164 as mobile_e164, coalesce(m.is_valid, false) as mobile_valid, m.kind as mobile_kind, m.region as mobile_region,
        e.email as email_norm, coalesce(e.is_valid, false) as email_valid,
        coalesce(e.is_disposable, false) as email_disposable, coalesce(e.is_role, false) as email_role,
        coalesce(e.is_placeholder, false) as email_placeholder, e.domain as email_domain,
        co.company as company_norm, co.legal_form, co.company_key
    from named n
    left join norm_phones p on p.raw = n.phone and p.country is not distinct from n.country_iso
    left join norm_phones m on m.raw = n.mobile and m.country is not distinct from n.country_iso
    left join norm_emails e on e.raw = n.email
    left join norm_companies co on co.raw = n.company
),

date_orders as (
    -- a file that writes 12/31/1980 (and not 31/12/1980) puts the month first, in all its d/m/y dates
    select r.source_file,
           count(*) filter (where d.day_first is null and d.month_first is not null)
             > count(*) filter (where d.day_first is not null and d.month_first is null) as month_first
    from (select source_file, unnest([dob, contract_end]) as raw from raw_rows) r join norm_dates d using (raw)
    group by r.source_file
),

dated as (
    select e.*,
           case when o.month_first then b.month_first else b.day_first end as dob_read, b.short_year as dob_short_year,
           case when o.month_first then c.month_first else c.day_first end as contract_end_read
    from enriched e
    left join date_orders o using (source_file)
    left join norm_dates b on b.raw = e.dob
    left join norm_dates c on c.raw = e.contract_end
),

final as (
    select
        row_id,
        source_file,
        source_row,
        coalesce(explicit_country, phone_region, mobile_region, country_iso) as country,
        honorific_norm as honorific,
        first_norm as first_name,
        last_norm as last_name,
        nullif(name_key, '') as name_key,
        nullif(first_key, '') as first_key,
        company_norm as company,
        legal_form,
        nullif(company_key, '') as company_key,
        nullif(trim(job_title), '') as job_title,
        phone as phone_raw, phone_e164, phone_valid, phone_kind,
        mobile as mobile_raw, mobile_e164, mobile_valid, mobile_kind,
        email as email_raw, email_norm as email, email_valid, email_disposable, email_role, email_placeholder,
        email_domain,
        address, city, postcode, region, employees, industry, budget, timeline,
        contract_end_read as contract_end,
        -- a date of birth (FEBRL: 19560409; 09/04/56 is 1956); impossible or future dates are unknown
        dob as dob_raw,
        case when dob_read between date '1900-01-01' and current_date then dob_read
             when dob_short_year and (dob_read - interval 100 year)::date between date '1900-01-01' and current_date
                 then (dob_read - interval 100 year)::date
        end as dob,
        -- an opt-out column says yes to opt out; a consent (opt-in) column says no (a blank consent is no answer)
        coalesce(rtrim(lower(trim(opt_out)), '.!') in ('1', 'y', 'yes', 'true', 'x', 'si', 'sì', 'да', 'ya', 'iya',
                                                       'opt-out', 'opt out', 'opted out', 'unsubscribed'), false)
        or coalesce(rtrim(lower(trim(consent)), '.!') in (
            '0', 'n', 'no', 'false', 'revoked', 'withdrawn', 'denied', 'refused', 'declined', 'opted out',
            'negato', 'rifiutato', 'revocato', 'non acconsento', 'non autorizzo', 'non concesso',
            'не', 'нет', 'отказ', 'отказано', 'оттеглено', 'не съм съгласен', 'не съм съгласна',
            'tidak', 'tdk', 'tidak setuju', 'menolak', 'ditolak', 'dicabut'), false)
            as has_opt_out,
        notes,
        extras,
        row_problem,
        case
            when row_problem like 'invalid JSON%' or row_problem like 'not a JSON object%'
                then 'unparseable: ' || row_problem
            when row_problem like 'field too long:%' then row_problem
            when coalesce(first_norm, last_norm, company_norm) is null
             and length(regexp_replace(coalesce(phone, '') || coalesce(mobile, ''), '[^0-9]', '', 'g')) < 5
             and coalesce(email, '') not like '%@%'
             -- a street address names a household (a form that lost the name): matching may join it to one
             and length(regexp_replace(coalesce(address, ''), '[^\pL\pN]', '', 'g')) < 4
                then 'no usable content: no name, company, phone, email or address'
        end as quarantine_reason
    from dated
)

select * from final
