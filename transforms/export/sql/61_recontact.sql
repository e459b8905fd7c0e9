-- recontact: one row per lead to call later (grain: lead_id), soonest first.
with final as (
    select d.lead_id, d.recontact_on, d.reason, d.contract_end,
           l.first_name, l.last_name, l.company, l.job_title, l.phone, l.email, l.country, l.sources, array_to_string(l.phones, ';') as all_phones,
           s.tier, s.priority_score, s.value_score, s.junk_score, s.reasons
    from lead_dispositions d join leads l using (lead_id) join lead_scores s using (lead_id)
    where d.disposition = 'recontact'
)

select * from final order by recontact_on, priority_score desc, lead_id
