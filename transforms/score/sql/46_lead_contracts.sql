-- lead_contracts: one row per lead of this run with a known competitor contract end (grain: lead_id).
-- The golden record's contract-end column wins; else the latest date a member row's notes or
-- timeline give beside a contract word, in the lists' languages: "contratto ... fino al 31/12/2027",
-- "Договор ... до 28.02.2027", "Kontrak ... berakhir 01-03-2028", "Contract ends 2027-12-31".
-- Dates are read day first (dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy) or ISO.
with member_texts as (
    select m.lead_id, t.text
    from (select lead_id, notes, timeline from lead_members semi join leads using (lead_id)) m,
         unnest([m.notes, m.timeline]) as t(text)
    where regexp_matches(lower(t.text), 'contratt|scadenz|scade|договор|контракт|изтича|kontrak|berakhir|contract|renewal|expir')
),

noted as (
    select lead_id,
           max(coalesce(try_strptime(regexp_extract(text, '\b(\d{4}-\d{2}-\d{2})\b', 1), '%Y-%m-%d'),
                        try_strptime(regexp_replace(regexp_extract(text, '\b(\d{1,2}[./-]\d{1,2}[./-]\d{4})\b', 1),
                                                    '[.-]', '/', 'g'), '%d/%m/%Y'))::date) as contract_end
    from member_texts
    group by lead_id
),

final as (
    select l.lead_id, coalesce(l.contract_end, n.contract_end) as contract_end,
           case when l.contract_end is not null then 'contract_end column' else 'notes' end as contract_source
    from leads l left join noted n using (lead_id)
    where coalesce(l.contract_end, n.contract_end) is not null
)

select * from final
