-- match_keys: one row per (row_id, key) that deterministically identifies a person.
-- A key is a normalised, non-placeholder email, or a phone (valid, or the digits of a local number)
-- together with the name (or, on a number nobody is named on, with the firm).
-- Shared values never glue strangers: role and placeholder emails and placeholder names give no
-- key, an email used by
-- people with different first initials is keyed with the name, and a key held by more than
-- $max_key_rows rows (a switchboard, a fake number) is dropped.
with placeholder as (
    select list(name) filter (where kind = 'token') as tokens, list(name) filter (where kind = 'filler') as fillers,
           list(name) filter (where kind = 'full') as names
    from ref_placeholder_names
),

rows as (
    -- placeholder names (Test, Nome Cognome, Mickey Mouse ...) carry no identity: they give no name
    select s.* replace (
        case when placeholder_name(string_split(s.name_key, ' '), p.tokens, p.fillers)
               or list_contains(p.names, lower(concat_ws(' ', s.first_name, s.last_name)))
               or length(replace(s.name_key, ' ', '')) <= len(string_split(s.name_key, ' '))  -- initials only
             then null else s.name_key end as name_key,
        -- the firm, for keys of rows without a name: not a placeholder firm (Azienda Prova, N/A), nor a row
        -- whose name was a placeholder
        case when s.name_key is null and not placeholder_name(string_split(s.company_key, ' '), p.tokens, p.fillers)
             then s.company_key end as company_key),
           s.source_file in (select source_file from local_number_files(stg_leads)) as local
    from stg_leads s cross join placeholder p
    where s.quarantine_reason is null
),

emails as (
    select email, count(distinct left(first_key, 1)) as initials
    from rows
    where email is not null
    group by email
),

email_keys as (
    select r.row_id,
           case when e.initials <= 1 then 'e:' || r.email else 'e:' || r.email || '|' || r.name_key end as key
    from rows r join emails e using (email)
    where r.email_valid and not r.email_placeholder and not r.email_role
      and (e.initials <= 1 or r.name_key is not null)
),

phones as (
    -- a valid number, or the digits of one the numbering plan does not know (a local number without its
    -- area code, in a file of such numbers: `local_number_files`): two rows of a list giving it with one name
    -- or firm are that person or firm
    select row_id, name_key, company_key, phone from (
        select row_id, name_key, company_key,
               comparable_number(phone_valid, phone_kind, phone_e164, phone_raw, local) as phone
        from rows
        union all
        select row_id, name_key, company_key,
               comparable_number(mobile_valid, mobile_kind, mobile_e164, mobile_raw, local)
        from rows)
    where phone is not null
),

phone_names as (
    select phone, count(distinct name_key) as names, min(name_key) as only_name, count(*) as phone_rows
    from phones group by phone
),

phone_keys as (
    -- a row without a name joins the one person known on that number, unless many rows share it;
    -- where nobody is named on it, rows of one firm on one number are that firm (a business list)
    select p.row_id,
           'p:' || p.phone || '|' || coalesce(p.name_key, pn.only_name, 'firm:' || p.company_key) as key
    from phones p join phone_names pn using (phone)
    where p.name_key is not null or (pn.names = 1 and pn.phone_rows <= $max_nameless_rows)
       or (pn.names = 0 and p.company_key is not null)
),

all_keys as (
    select * from email_keys
    union
    select * from phone_keys
),

final as (
    select row_id, key
    from all_keys
    qualify count(*) over (partition by key) <= $max_key_rows
)

select * from final
