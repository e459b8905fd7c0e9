-- lead_dispositions: one row per lead of this run (grain: lead_id): which list it goes to and why.
-- Precedence: forgotten (`forget` erased the person; they come back only to be set aside) > do-not-call number > opt-out > existing customer > a number (or the country) a stale register
-- reading covers (`stale_registers`: none of its numbers may be called until the register is consulted
-- again) > competitor contract still running
-- (recontact $recontact_days days before it ends) > already delivered by an earlier run (known) > call.
-- Contract ends come from lead_contracts (the contract-end column, else the notes), DNC and customer
-- hits from lead_suppression_hits.
with leads_ as (
    select lead_id, has_opt_out from leads
),

contracts as (
    select lead_id, contract_end, (contract_end - to_days($recontact_days))::date as recontact_on
    from lead_contracts
),

stale as (
    select l.lead_id, min(s.list_name) as list_name
    from leads l, stale_registers s
    where l.country = s.country or len(list_filter(l.phones, lambda p: starts_with(p, s.calling_code))) > 0
    group by l.lead_id
),

delivered as (
    select lead_id from lead_registry where delivered_run_id is not null and delivered_run_id <> $run_id
),

final as (
    select
        l.lead_id,
        case when h.is_forgotten or h.is_dnc or l.has_opt_out or h.is_customer or st.lead_id is not null
             then 'do_not_call'
             when ct.recontact_on > $as_of::date then 'recontact'
             when k.lead_id is not null then 'known'
             else 'call' end as disposition,
        case when h.is_forgotten then 'forgotten'
             when h.is_dnc then 'dnc'
             when l.has_opt_out then 'opt_out'
             when h.is_customer then 'customer'
             when st.lead_id is not null then 'dnc_stale'
             when ct.recontact_on > $as_of::date
                 then 'competitor_contract_ends_' || strftime(ct.contract_end, '%Y-%m-%d')
             when k.lead_id is not null then 'delivered_earlier'
             when ct.contract_end is not null then 'contract_ends_soon'
        end as reason,
        coalesce(h.dnc_list, st.list_name) as dnc_list,
        ct.contract_end,
        case when ct.recontact_on > $as_of::date then ct.recontact_on end as recontact_on
    from leads_ l
    left join contracts ct using (lead_id)
    left join lead_suppression_hits h using (lead_id)
    left join stale st using (lead_id)
    left join delivered k using (lead_id)
)

select * from final
