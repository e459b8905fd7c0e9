-- lead_suppression_hits: one row per lead of this run that a do-not-call list, the customer list or the
-- forgotten list names (grain: lead_id): whether a DNC list has one of its numbers (is_dnc; dnc_list the
-- first such list), whether it is an existing customer (by e-mail, phone, or name + company), and whether
-- one of its rows holds a contact of someone `forget` erased (is_forgotten; `forgotten_rows`). Its own statement, before
-- lead_dispositions: joined in there, the lookups ran out of memory at 10M leads at 2 GB.
with leads_ as (
    select lead_id, phones, emails, name_key, company_key from leads
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
    select l.lead_id, d.list_name
    from leads_ l, unnest(l.phones) as t(phone) join dnc_numbers d on d.e164 = t.phone
    union all
    select u.lead_id, d.list_name
    from unread_numbers u join dnc_numbers d on d.national = u.national
    where length(u.national) >= 8
),

customer_hits as (
    select l.lead_id from leads_ l, unnest(l.emails) as t(email) semi join customers c on c.email = t.email
    union all
    select l.lead_id from leads_ l, unnest(l.phones) as t(phone) semi join customers c on c.phone_e164 = t.phone
    union all
    select l.lead_id from leads_ l semi join customers c on c.name_key = l.name_key and c.company_key = l.company_key
),

forgotten_hits as (
    select c.lead_id from lead_clusters c semi join forgotten_rows f using (row_id)
)

select lead_id, bool_or(kind = 'dnc') as is_dnc, min(list_name) as dnc_list, bool_or(kind = 'customer') as is_customer,
       bool_or(kind = 'forgotten') as is_forgotten
from (
    select lead_id, list_name, 'dnc' as kind from dnc_hits
    union all
    select lead_id, null, 'customer' from customer_hits
    union all
    select lead_id, null, 'forgotten' from forgotten_hits
)
group by lead_id
