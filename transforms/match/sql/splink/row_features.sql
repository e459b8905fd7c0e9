-- Row features: what Splink compares of one usable row, computed once, when the row comes in
-- (this run's rows now; a kept store holds its earlier rows' in `member_features`).
-- Reads the view `feature_source` (stg_leads columns + run_id). Shared junk (placeholders, role
-- e-mails, premium numbers) becomes NULL so it neither blocks nor agrees; test/placeholder rows
-- (fake names or firms, formula payloads, fake phones or e-mails) are left out: they never join a
-- person probabilistically (deterministic keys still apply).
with placeholder as (
    select list(name) filter (where kind = 'token') as tokens, list(name) filter (where kind = 'filler') as fillers,
           list(array_to_string(list_sort(string_split(name, ' ')), ' ')) filter (where kind = 'full') as names
    from read_csv('{placeholder_names}', header = true, all_varchar = true)
),

nickname_forms as (
    -- the given names a nickname stands for (bob -> robert; ron -> aaron, ronald), from the `nicknames`
    -- package's hand-curated table of English names
    select name2 as nickname, list(distinct name1 order by name1) as forms
    from read_csv('{nicknames}', header = true, all_varchar = true)
    where relationship = 'has_nickname'
    group by name2
),

street_words as (
    -- one spelling per street word: "7635 N Stanley Cir" is "7635 North Stanley Circle" (US and UK postal abbreviations)
    select map(list(abbreviation), list(word)) as street_words
    from read_csv('{street_words}', header = true, all_varchar = true)
),

rows as (
    select s.*,
           -- a row without a name is not a fake name: a firm, or a phone-book entry, still takes part
           coalesce(list_contains(p.names, s.name_key), false)
           or coalesce(list_bool_and(list_transform(string_split(s.name_key, ' '), lambda x: length(x) <= 1)), false)
           or placeholder_name(string_split(coalesce(s.name_key, ''), ' '), p.tokens, p.fillers) as fake_name,
           placeholder_name(string_split(coalesce(s.company_key, ''), ' '), p.tokens, p.fillers) as fake_company,
           s.email_valid and not s.email_placeholder and not s.email_role and not s.email_disposable as good_email,
           s.source_file in (select source_file from local_number_files(feature_source)) as local_numbers
    from feature_source s cross join placeholder p
),

rows_clean as (
    select r.*,
           -- the address's words, each spelled one way
           list_transform(string_split(trim(regexp_replace(lower(strip_accents(r.address)), '[^0-9a-zЀ-ӿ]+', ' ', 'g')), ' '),
                          lambda w: coalesce(sw.street_words[w], w)) as street_words_of
    from rows r, street_words sw
    where not (fake_name or fake_company or email_placeholder or email_disposable
               or coalesce(phone_kind in ('placeholder', 'premium_rate'), false)
               or coalesce(mobile_kind in ('placeholder', 'premium_rate'), false)
               or regexp_matches(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' '
                                 || coalesce(company, ''), '(^|\s)[=+@]|[|!]'))
),

oriented as (
    -- the row's first name and surname as keys, turned round where its file writes the surname first
    -- (`turned_files`, from `name_order.sql`)
    select r.*, t.source_file is not null as surname_first,
           case when t.source_file is null then nullif(r.first_key, '') else {surname_key} end as fk,
           case when t.source_file is null then {surname_key} else nullif(r.first_key, '') end as lk
    from rows_clean r left join turned_files t using (source_file)
)

select
    run_id,
    row_id,
    source_file,
    source_row,
    fk as first_key,
    lk as last_key,
    case when not fake_name then nullif(name_key, '') end as name_key,
    -- the generation a name carries (John Smith Jr., Robert Morse III), to tell a son from his father
    case when not fake_name
         then list_filter(string_split(regexp_replace(name_key, '[^a-z ]', '', 'g'), ' '),
                          lambda x: list_contains({generations}, x))[1]
    end as generation,
    -- a role address (info@, sales@) is no person's, so it says nothing between people; on a row that
    -- names no one it is the firm's own address, and two such rows holding it are one firm
    case when good_email or (email_valid and email_role and not email_placeholder and not email_disposable
                             and nullif(name_key, '') is null and nullif(company_key, '') is not null)
         then email end as email,
    case when good_email then split_part(email, '@', 1) end as email_local,
    -- a role address (info@, sales@) is no person's, but its domain is still the firm's
    case when good_email or (email_valid and email_role and not email_placeholder and not email_disposable)
         then email_domain end as email_domain,
    case when not fake_company then nullif(company_key, '') end as company_key,
    nullif(lower(trim(city)), '') as city,
    nullif(upper(regexp_replace(postcode, '[^0-9A-Za-z]', '', 'g')), '') as postcode,
    -- the street as words: "Via Roma, 12" and "via roma 12" agree; a one-word address says nothing
    case when length(regexp_replace(address, '[^0-9A-Za-z]', '', 'g')) >= 4
         then nullif(array_to_string(street_words_of, ' '), '')
    end as address_key,
    -- the same words in any order ("Via Roma 12" / "12 Via Roma", "73 Rhosewyn Bynoe Place" / "73 Bynoe Place Rhosewyn")
    case when length(regexp_replace(address, '[^0-9A-Za-z]', '', 'g')) >= 4
         then nullif(array_to_string(list_sort(street_words_of), ' '), '')
    end as street_key,
    try_cast(dob as date) as dob,
    -- the date of birth as the comparisons read it (plain columns: the same SQL runs on Spark)
    strftime(try_cast(dob as date), '%Y%m%d') as dob_text,
    strftime(try_cast(dob as date), '%Y%d%m') as dob_swap,
    date_diff('day', date '1900-01-01', try_cast(dob as date)) as dob_days,
    country,
    -- a number the numbering plan does not know, in a file of local numbers without their area code
    -- ("2262649"), is still the same number on two rows of it: its digits, kept apart from the known numbers
    comparable_number(phone_valid, phone_kind, phone_e164, phone_raw, local_numbers) as p1,
    comparable_number(mobile_valid, mobile_kind, mobile_e164, mobile_raw, local_numbers) as p2,
    -- the first name and every given name it may be short for, for the nickname level
    case when fk is not null
         then list_distinct(list_append(coalesce((select forms from nickname_forms where nickname = fk), []), fk))
    end as first_forms,
    -- the file writes names surname first, and the row's two keys were turned round
    surname_first
from oriented
