-- splink_features: this run's rows (`row_features`) and the stored rows (`member_features`) that share
-- a blocking value with one of them, with the statistics of the values they hold. Only those stored
-- rows are read in full; the statistics count every row, stored or new, that holds the value, so a
-- run of 10k rows against a store of millions reads the store through semi-joins on its values.
-- (new_rows, feat and all_rows are read again by each reader, not held: at 1M rows held copies spilled
-- under the memory limit, 6.7 s against 4.9 s)
with new_rows as not materialized (
    select *, row_id as unique_id, null::varchar as stored_lead_id from row_features
),

candidates as (
    -- stored rows a blocking rule could pair with a new row (a superset: `input.sql` applies the rules)
    select f.* from member_features f
    where $with_store and (
           f.p1 in (select p1 from new_rows union select p2 from new_rows)
        or f.p2 in (select p1 from new_rows union select p2 from new_rows)
        or f.email in (select email from new_rows)
        or f.email_local in (select email_local from new_rows where length(email_local) >= 6)
        or f.name_key in (select name_key from new_rows)
        or f.first_key || '|' || f.company_key in (select first_key || '|' || company_key from new_rows)
        or (f.name_key is null and f.company_key in (select company_key from new_rows))
        or f.company_key in (select company_key from new_rows where name_key is null)
        or f.address_key in (select address_key from new_rows)
        or f.dob in (select dob from new_rows)
        or f.country || '|' || f.postcode in (select country || '|' || postcode from new_rows)
        -- (the surname rule: stored rows of the town only, also for a rare surname, so the store is not read by surname)
        or f.last_key || '|' || f.city in (select last_key || '|' || city from new_rows)
        or f.first_key || '|' || f.last_key in (select last_key || '|' || first_key from new_rows)
        or left(f.last_key, 3) || '|' || left(f.first_key, 3) || '|' || f.country
           in (select left(last_key, 3) || '|' || left(first_key, 3) || '|' || country from new_rows))
),

stored_rows as (
    select c.* exclude (run_id), -row_number() over (order by c.run_id, c.row_id) as unique_id,
           m.lead_id as stored_lead_id
    from candidates c join lead_members m using (run_id, row_id)
),

feat as not materialized (
    select * exclude (run_id) from new_rows
    union all by name
    select * from stored_rows
),

all_rows as not materialized (
    -- every row's values, for the statistics
    select p1, p2, email, first_key, first_forms, last_key, name_key, company_key, address_key, dob,
           nullif(regexp_extract(address_key, '[0-9]+'), '') || '|' || postcode as house_key from row_features
    union all
    select p1, p2, email, first_key, first_forms, last_key, name_key, company_key, address_key, dob,
           nullif(regexp_extract(address_key, '[0-9]+'), '') || '|' || postcode from member_features
    where $with_store
),

feat_keys as (
    select f.*,
           left(f.last_key, 3) || '|' || left(f.first_key, 3) || '|' || f.country as np_key,
           f.first_key || '|' || f.company_key as fc_key,
           case when length(f.email_local) >= 6 then f.email_local end as l_key
    from feat f
),

input_phones as (
    select p1 as phone from feat where p1 is not null union select p2 from feat where p2 is not null
),

holders as (
    -- every row holding a phone or a street address some row of `feat` holds, with who it names
    select 'p' as kind, p1 as value, first_key, first_forms, last_key, name_key, company_key, dob from all_rows
    where p1 in (select phone from input_phones)
    union all
    select 'p', p2, first_key, first_forms, last_key, name_key, company_key, dob from all_rows
    where p2 in (select phone from input_phones) and p2 is distinct from p1
    union all
    select 'a', address_key, first_key, first_forms, last_key, name_key, company_key, dob from all_rows
    where address_key in (select address_key from feat)
    union all
    -- the house (its number at its postcode), however its street is spelt: colleagues at one office
    -- ("35 George Street" / "35 georgr st.") share it as they share the address
    select 'h', house_key, first_key, first_forms, last_key, name_key, company_key, dob from all_rows
    where house_key in (select nullif(regexp_extract(address_key, '[0-9]+'), '') || '|' || postcode from feat)
),

holder_stats as (
    -- a phone or an address is "solo" (one person's line or home; for rows without a name, one firm's)
    -- when every row holding it names one person (up to typos and nicknames), or one firm, or gives
    -- one date of birth
    -- (a name replaced or mistyped in one list); else a switchboard, an office building or a family's
    -- home is shared. A person's own line rarely shows in more than $max_solo_phone_rows rows; a firm's
    -- number is in every listing of it (a directory scraped from several sites)
    select kind, value, count(*) as n_rows,
           (count(*) <= $max_solo_phone_rows or count(name_key) = 0) and (
               (count(dob) = count(*) and count(distinct dob) = 1 and count(*) > 1)
               or (count(name_key) = count(*)
                and (count(distinct name_key) <= 1
                     or (count(distinct first_key) <= 2 and count(distinct last_key) <= 2
                         and (jaro_winkler_similarity(min(first_key), max(first_key)) >= 0.88
                              -- a name and its nickname: Peggy and Margaret Williams are one person
                              or len(list_intersect(arg_min(first_forms, first_key),
                                                    arg_max(first_forms, first_key))) > 0)
                         and jaro_winkler_similarity(min(last_key), max(last_key)) >= 0.88)))
               or (count(name_key) = 0 and count(company_key) = count(*)
                   -- one firm's name as lists write it: up to a typo, or its words in another order or some of
                   -- them left out ("hotel bel-air" / "bel-air hotel", "spago" / "spago (los angeles)")
                   and (((jaro_winkler_similarity(min(company_key), max(company_key)) >= 0.9
                          or list_has_all(string_split(max(company_key), ' '), string_split(min(company_key), ' '))
                          or list_has_all(string_split(min(company_key), ' '), string_split(max(company_key), ' ')))
                         and count(distinct company_key) <= 3)
                        -- or a word of four letters or more that every spelling holds: the firm's name in full and
                        -- short ("jenner", "chicago public schools jenner academy of the arts"; a hotel's two
                        -- restaurants on its number, "cafe ritz-carlton" and "dining room ritz-carlton", look alike)
                        or len(list_filter(list_reduce(list(string_split(company_key, ' ')) filter (where name_key is null),
                                                       lambda a, b: list_intersect(a, b)),
                                           lambda w: length(w) >= 4)) > 0))) as solo
    from holders group by kind, value
),

phone_stats as (
    select value as phone, n_rows, solo from holder_stats where kind = 'p'
),

phone_lists as (
    select f.unique_id,
           list(distinct f.phone) filter (where s.n_rows <= $max_block_value_rows) as phones,
           list(distinct f.phone) filter (where s.solo and s.n_rows <= $max_block_value_rows) as phones_solo
    from (select unique_id, p1 as phone from feat where p1 is not null
          union all
          select unique_id, p2 from feat where p2 is not null and p2 is distinct from p1) f
    join phone_stats s using (phone)
    group by f.unique_id
),

email_stats as (
    select email, count(*) as n from all_rows
    where email in (select email from feat) group by email
),

busy_domains as (
    -- a domain used by more than five firms is a mail provider, not a firm (every usable row counts)
    select email_domain from (
        select email_domain, company_key from stg_leads where quarantine_reason is null
        union all
        select email_domain, company_key from lead_members where $with_store and quarantine_reason is null)
    where email_domain in (select email_domain from feat)
    group by 1 having count(distinct company_key) > 5
)

select
    f.* exclude (p1, p2, email, email_local, email_domain),
    case when es.n <= $max_block_value_rows then f.email end as email,
    case when es.n <= $max_block_value_rows then f.email_local end as email_local,
    case when es.n <= $max_block_value_rows and f.email_domain not in (select email_domain from busy_domains)
         then f.email_domain end as email_domain,
    case when s1.n_rows <= $max_block_value_rows then f.p1 end as p1,
    case when s2.n_rows <= $max_block_value_rows then f.p2 end as p2,
    case when es.n <= $max_block_value_rows then f.email end as email_block,
    pl.phones,
    pl.phones_solo,
    -- in a list that holds no households (`learning.households_evident`), an address several names give is
    -- one person's, the names mistyped or replaced
    coalesce((ast.solo and coalesce(hst.solo, true)) or (not $households and ast.n_rows <= $max_solo_phone_rows),
             false) as address_solo
from feat_keys f
left join phone_lists pl using (unique_id)
left join phone_stats s1 on s1.phone = f.p1
left join phone_stats s2 on s2.phone = f.p2
left join email_stats es on es.email = f.email
left join holder_stats ast on ast.kind = 'a' and ast.value = f.address_key
left join holder_stats hst on hst.kind = 'h'
     and hst.value = nullif(regexp_extract(f.address_key, '[0-9]+'), '') || '|' || f.postcode
