-- lead_dispositions: one row per lead of this run (grain: lead_id): which list it goes to and why.
-- Precedence: do-not-call number > opt-out > existing customer > competitor contract still running
-- (recontact $recontact_days days before it ends) > already delivered by an earlier run (known) > call.
-- Contract ends come from lead_contracts (the contract-end column, else the notes).
with leads_ as (
    select lead_id, phones, emails, name_key, company_key, has_opt_out from leads
),

contracts as (
    select lead_id, contract_end, (contract_end - to_days($recontact_days))::date as recontact_on
    from lead_contracts
),

unread_numbers as (
    -- numbers of the lead's rows that could not be read (a national number in a row that does not say
    -- its country): their digits still match a DNC entry's national digits
    -- (this run's leads' rows first: the store's other rows are not read)
    select m.lead_id, ltrim(regexp_replace(t.raw, '\D', '', 'g'), '0') as national
    from (select lead_id, phone_valid, phone_raw, mobile_valid, mobile_raw from lead_members
          semi join leads_ using (lead_id)
          where not phone_valid or not mobile_valid) m,
         unnest([case when not m.phone_valid then m.phone_raw end,
                 case when not m.mobile_valid then m.mobile_raw end]) as t(raw)
    where t.raw is not null
),

dnc_hits as (
    select lead_id, min(list_name) as list_name
    from (
        select l.lead_id, d.list_name
        from leads_ l, unnest(l.phones) as t(phone) join dnc_numbers d on d.e164 = t.phone
        union all
        select u.lead_id, d.list_name
        from unread_numbers u join dnc_numbers d on d.national = u.national
        where length(u.national) >= 8
    )
    group by lead_id
),

customer_hits as (
    select l.lead_id from leads_ l, unnest(l.emails) as t(email) join customers c on c.email = t.email
    union
    select l.lead_id from leads_ l, unnest(l.phones) as t(phone) join customers c on c.phone_e164 = t.phone
    union
    select l.lead_id from leads_ l join customers c on c.name_key = l.name_key and c.company_key = l.company_key
),

delivered as (
    select lead_id from lead_registry where delivered_run_id is not null and delivered_run_id <> $run_id
),

final as (
    select
        l.lead_id,
        case when d.lead_id is not null or l.has_opt_out or c.lead_id is not null then 'do_not_call'
             when ct.recontact_on > $as_of::date then 'recontact'
             when k.lead_id is not null then 'known'
             else 'call' end as disposition,
        case when d.lead_id is not null then 'dnc'
             when l.has_opt_out then 'opt_out'
             when c.lead_id is not null then 'customer'
             when ct.recontact_on > $as_of::date
                 then 'competitor_contract_ends_' || strftime(ct.contract_end, '%Y-%m-%d')
             when k.lead_id is not null then 'delivered_earlier'
             when ct.contract_end is not null then 'contract_ends_soon'
        end as reason,
        d.list_name as dnc_list,
        ct.contract_end,
        case when ct.recontact_on > $as_of::date then ct.recontact_on end as recontact_on
    from leads_ l
    left join contracts ct using (lead_id)
    left join dnc_hits d using (lead_id)
    left join (select distinct lead_id from customer_hits) c using (lead_id)
    left join delivered k using (lead_id)
)

select * from final
