-- do_not_call: one row per lead that must not be called (grain: lead_id), with the reason.
with final as (
    select d.lead_id, d.reason, d.dnc_list,
           l.first_name, l.last_name, l.company, l.job_title, l.phone, l.email, l.country, l.sources,
           array_to_string(l.phones, ';') as all_phones
    from lead_dispositions d join leads l using (lead_id)
    where d.disposition = 'do_not_call'
)

select * from final order by reason, lead_id
