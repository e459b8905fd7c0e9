-- call_list: one row per lead to call now (grain: lead_id), ranked 1..N: tier first, then priority.
-- With reps, leads are dealt round-robin within each tier so every rep gets the same mix.
with callable as (
    select l.*, s.* exclude (lead_id)
    from leads l
    join lead_scores s using (lead_id)
    join lead_dispositions d using (lead_id)
    where d.disposition = 'call'
),

ranked as (
    select *,
           row_number() over (order by tier, priority_score desc, value_score desc, lead_id) as priority_rank
    from callable
),

final as (
    select
        priority_rank, lead_id, tier, priority_score, value_score, junk_score, reasons,
        first_name, last_name, company, job_title, phone, email, country, sources,
        case when len($reps) > 0
             then $reps[1 + ((row_number() over (partition by tier order by priority_rank) - 1) % len($reps))::int]
        end as assigned_to,
        stage, title_level, honorific, city, array_to_string(phones, ';') as all_phones
    from ranked
)

select * from final order by priority_rank
