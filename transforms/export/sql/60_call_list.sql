-- call_list: one row per lead to call now (grain: lead_id), ranked 1..N: tier first, then priority.
-- With reps ($reps, and per rep $rep_countries and $rep_places), each lead goes to the reps whose
-- territory names its region or city, else to those whose territory covers its country; a lead no
-- territory covers goes to the reps without one, or to every rep if all have one. Within each tier,
-- the leads of one such set of reps are dealt round-robin in rank order, so every rep of a territory
-- gets the same mix. Each lead has its time zone and the next moment its country's rules allow a call.
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

reps_ as (
    select i as rep_no, $reps[i] as rep,
           coalesce(($rep_countries::varchar[][])[i], []) as countries,
           list_transform(coalesce(($rep_places::varchar[][])[i], []), lambda p: strip_accents(lower(p))) as places
    from range(1, len($reps) + 1) as r(i)
),

fallback as (
    select coalesce(list(rep order by rep_no) filter (where len(countries) + len(places) = 0),
                    list(rep order by rep_no)) as reps
    from reps_
),

covering as (
    select c.lead_id,
           list(r.rep order by r.rep_no) filter (where list_contains(r.places, strip_accents(lower(c.region)))
                                                    or list_contains(r.places, strip_accents(lower(c.city))))
               as by_place,
           list(r.rep order by r.rep_no) filter (where list_contains(r.countries, c.country)) as by_country
    from ranked c join reps_ r
      on list_contains(r.countries, c.country)
      or list_contains(r.places, strip_accents(lower(c.region)))
      or list_contains(r.places, strip_accents(lower(c.city)))
    group by c.lead_id
),

dealt as (
    select r.lead_id, r.tier, r.priority_rank, coalesce(cv.by_place, cv.by_country, f.reps) as reps
    from ranked r cross join fallback f left join covering cv using (lead_id)
),

assigned as (
    select lead_id,
           reps[1 + ((row_number() over (partition by tier, reps order by priority_rank) - 1) % len(reps))::int]
               as assigned_to
    from dealt
    where len(reps) > 0
),

final as (
    select
        priority_rank, lead_id, tier, priority_score, value_score, junk_score, reasons,
        first_name, last_name, company, job_title, phone, email, country, sources,
        a.assigned_to,
        w.time_zone, w.call_window_start,  -- export/windows.py
        stage, title_level, honorific, city, array_to_string(phones, ';') as all_phones
    from ranked left join assigned a using (lead_id) left join lead_call_windows w using (lead_id)
)

select * from final order by priority_rank
