-- lead_provenance: one row per (lead_id, field) for the leads of this run: the value the golden
-- record keeps, the row and source it came from, and why it won. Candidates are every member row
-- of the lead, from this run and earlier ones. A value wins by preference (a valid mobile over a
-- landline, a personal email over a role address), then by how many rows agree, then by the
-- completeness of its row, then by file order.
with members as (
    select m.*,
           (m.name_key is not null)::int + (m.company is not null)::int + (m.job_title is not null)::int
           + m.phone_valid::int + m.mobile_valid::int + m.email_valid::int as row_quality
    from lead_members m
    where m.lead_id in (select lead_id from lead_clusters)
),

candidates as (
    select lead_id, 'name' as field, concat_ws(chr(31), coalesce(honorific, ''), coalesce(first_name, ''),
           coalesce(last_name, '')) as value, name_key as vote_key,
           (first_name is not null and last_name is not null)::int as pref,
           row_quality, source_file, source_row, run_id
    from members where name_key is not null
    union all by name
    select lead_id, 'company' as field, concat_ws(chr(31), company, coalesce(legal_form, '')) as value,
           company_key as vote_key, (legal_form is not null)::int as pref, row_quality, source_file, source_row, run_id
    from members where company is not null
    union all by name
    select lead_id, 'phone' as field,
           coalesce(case when mobile_valid then mobile_e164 end, case when phone_valid then phone_e164 end,
                    phone_raw, mobile_raw) as value,
           case when mobile_valid and mobile_kind = 'mobile' then 3 when mobile_valid or phone_valid then 2 else 0 end
               as pref,
           row_quality, source_file, source_row, run_id
    from members where coalesce(phone_raw, mobile_raw) is not null
    union all by name
    select lead_id, 'email' as field, coalesce(email, email_raw) as value,
           case when email_valid and not email_placeholder and not email_role then 3
                when email_valid and not email_placeholder then 2 when email_valid then 1 else 0 end as pref,
           row_quality, source_file, source_row, run_id
    from members where email_raw is not null
    union all by name
    select lead_id, 0 as pref, row_quality, source_file, source_row, run_id, field, value
    from (
        select lead_id, row_quality, source_file, source_row, run_id,
               job_title, address, city, postcode, region, country, employees, industry, budget, timeline, notes,
               cast(contract_end as varchar) as contract_end
        from members
    ) unpivot (value for field in (job_title, address, city, postcode, region, country, employees, industry,
                                   budget, timeline, notes, contract_end))
),

sizes as (
    select lead_id, count(*) = 1 as single from members group by lead_id
),

single as (
    -- a lead of one row has one candidate per field: nothing to vote on
    select c.*, 1 as votes, 1 as candidates
    from candidates c semi join sizes s on s.lead_id = c.lead_id and s.single
),

counted as (
    select c.*,
           count(*) over (partition by c.lead_id, field, coalesce(vote_key, lower(value))) as votes,
           count(*) over (partition by c.lead_id, field) as candidates
    from candidates c semi join sizes s on s.lead_id = c.lead_id and not s.single
),

voted as (
    select * from counted
    qualify row_number() over (
        partition by lead_id, field
        order by pref desc, votes desc, row_quality desc, run_id, source_file, source_row) = 1
),

final as (
    select lead_id, field, value, source_file, source_row, run_id as source_run_id, votes, candidates,
           case
               when candidates = 1 then 'only value'
               when pref > 0 and field = 'phone' then 'valid number, mobile preferred; ' || votes || ' of ' || candidates || ' rows agree'
               when pref > 0 and field = 'email' then 'valid personal address preferred; ' || votes || ' of ' || candidates || ' rows agree'
               else 'most rows agree (' || votes || ' of ' || candidates || '), then the most complete row'
           end as rule
    from (select * from single union all by name select * from voted)
)

select * from final
