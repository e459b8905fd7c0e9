-- lead_provenance: one row per (lead_id, field) for the leads of this run: the value the golden
-- record keeps, the row and source it came from, and why it won. Candidates are every member row
-- of the lead, from this run and earlier ones. A value wins by preference (a valid mobile over a
-- landline, a personal email over a role address), then by how many rows agree, then by the
-- completeness of its row, then by file order.
-- The name is decided part by part, so that a rep reads out the name the person would give:
-- first, which way round each row holds it (the word the list holds first more often is the first
-- name: "Rossi Mario" in a phone book is Mario Rossi); then the first name and the surname each
-- by how many rows spell it so (up to case, accents and script), then whether the lead's e-mail
-- spells it (`alberico.vigorelli@` settles Alberico / Alberlco), then the row; then, among the rows
-- spelling the winner, the writing most rows use, keeping accents and the original script, not all
-- capitals.
with members as not materialized (
    -- the columns the golden record reads (not the row's extras), whether its lead has other rows, and
    -- the row's candidate for each field that is more than a column (read again by each of its readers,
    -- not held: at 1M rows a held copy spilled gigabytes under the memory limit, 21.8 s against 14.9 s)
    select m.lead_id, m.source_file, m.source_row, m.run_id, m.honorific, m.first_name, m.last_name, m.name_key,
           m.first_key, m.company, m.company_key, m.email, m.email_valid, m.email_role, m.email_domain,
           m.job_title, m.address, m.city, m.postcode, m.region, m.country, m.employees, m.industry, m.budget,
           m.timeline, m.notes, cast(m.contract_end as varchar) as contract_end,
           (m.name_key is not null)::int + (m.company is not null)::int + (m.job_title is not null)::int
           + m.phone_valid::int + m.mobile_valid::int + m.email_valid::int as row_quality,
           s.rows = 1 as single,
           -- a row with only part of a name: the name as it is
           case when m.name_key is not null and (m.first_name is null or m.last_name is null)
                then concat_ws(chr(31), coalesce(m.honorific, ''), coalesce(m.first_name, ''), coalesce(m.last_name, ''))
           end as part_name,
           case when m.company is not null then concat_ws(chr(31), m.company, coalesce(m.legal_form, '')) end
               as company_value,
           (m.legal_form is not null)::int as company_pref,
           coalesce(case when m.mobile_valid then m.mobile_e164 end, case when m.phone_valid then m.phone_e164 end,
                    m.phone_raw, m.mobile_raw) as phone,
           case when m.mobile_valid and m.mobile_kind = 'mobile' then 3 when m.mobile_valid or m.phone_valid then 2
                else 0 end as phone_pref,
           coalesce(m.email, m.email_raw) as email_value,
           case when m.email_valid and not m.email_placeholder and not m.email_role then 3
                when m.email_valid and not m.email_placeholder then 2 when m.email_valid then 1 else 0 end as email_pref
    from lead_members m
    join (select lead_id, count(*) as rows from lead_members
          where lead_id in (select lead_id from lead_clusters) group by lead_id) s using (lead_id)
),

name_rows as (
    -- each named row's parts as written (first, last) and as keys (script-, case- and accent-free)
    select lead_id, honorific, first_name, last_name, row_quality, source_file, source_row, run_id,
           coalesce(nullif(first_key, ''), lower(first_name)) as fk,
           -- the name key less the first name's words ("Test Test": the same word again)
           coalesce(nullif(array_to_string(list_filter(string_split(name_key, ' '),
                    lambda x: not list_contains(string_split(coalesce(first_key, ''), ' '), x)), ' '), ''),
                    nullif(first_key, ''), lower(last_name)) as lk
    from members where name_key is not null and first_name is not null and last_name is not null
),

mail_locals as (
    -- the letters of the lead's e-mail local parts ("mario.rossi" -> mariorossi), where a spelling is looked for
    select distinct lead_id, local
    from (select lead_id, regexp_replace(split_part(email, '@', 1), '[^a-z]+', '', 'g') as local
          from members where email_valid and not coalesce(email_role, false))
    where length(local) >= 3
),

first_share as (
    -- how often the list holds key k first and last, over all the rows of the run's leads
    -- (each row's two keys unnested side by side: a lateral join is planned as a join back on its columns)
    select key, count(*) filter (where as_first) as n_first, count(*) filter (where not as_first) as n_last
    from (select unnest([fk, lk]) as key, unnest([true, false]) as as_first from name_rows)
    where key is not null
    group by key
),

file_order as (
    -- which way round a file writes names, from whether its rows' first parts are what the list
    -- holds first more often (each row's own vote left out): `order` near 1, the file's columns say
    -- which is which; near -1, it writes the surname first (a phone book); near 0, it has no order
    -- (a full-name column read either way), and its rows teach nothing about which word is which
    select r.source_file, avg(sign(
               (coalesce(sf.n_first, 1) - 1 - coalesce(sf.n_last, 0)) / greatest(1, coalesce(sf.n_first + sf.n_last, 1))
               - (coalesce(sl.n_first, 0) - coalesce(sl.n_last, 1) + 1) / greatest(1, coalesce(sl.n_first + sl.n_last, 1))
           )) as "order"
    from name_rows r
    left join first_share sf on sf.key = r.fk
    left join first_share sl on sl.key = r.lk
    group by r.source_file
),

by_file as (
    -- each row as its file means it, and whether the file keeps an order
    select r.* exclude (fk, lk), o."order" < -0.5 as reversed, abs(o."order") >= 0.5 as ordered,
           case when o."order" < -0.5 then r.lk else r.fk end as fk,
           case when o."order" < -0.5 then r.fk else r.lk end as lk
    from name_rows r join file_order o using (source_file)
),

file_share as (
    -- `first_share` over the files that keep an order, read their way, in all and within each lead
    select lead_id, key, count(*) filter (where as_first) as n_first, count(*) filter (where not as_first) as n_last
    from (select lead_id, unnest([fk, lk]) as key, unnest([true, false]) as as_first from by_file where ordered)
    where key is not null
    group by grouping sets ((key), (lead_id, key))
),

evidence as (
    -- how much more the rows of other leads take the row's first part for a first name than its
    -- last part (each share in [-1, 1], two rows' worth of doubt added: one stray row is not
    -- evidence); whether another row of the lead holds them the other way
    select r.*,
           (coalesce(af.n_first - lf.n_first, af.n_first, 0) - coalesce(af.n_last - lf.n_last, af.n_last, 0))
               / (2 + coalesce(af.n_first + af.n_last - lf.n_first - lf.n_last, af.n_first + af.n_last, 0))
           - (coalesce(al.n_first - ll.n_first, al.n_first, 0) - coalesce(al.n_last - ll.n_last, al.n_last, 0))
               / (2 + coalesce(al.n_first + al.n_last - ll.n_first - ll.n_last, al.n_first + al.n_last, 0))
               as for_order,
           exists (select 1 from by_file o where o.lead_id = r.lead_id and o.fk = r.lk and o.lk = r.fk) as disputed
    from by_file r
    left join file_share af on af.lead_id is null and af.key = r.fk
    left join file_share lf on lf.lead_id = r.lead_id and lf.key = r.fk
    left join file_share al on al.lead_id is null and al.key = r.lk
    left join file_share ll on ll.lead_id = r.lead_id and ll.key = r.lk
),

lead_votes as (
    -- how many of the lead's rows in files that keep an order hold the row's words the other way round,
    -- and how many the same way (the row itself among them), a typo in one of the two words allowed
    select r.lead_id, r.source_file, r.source_row,
           count(*) filter (where o.ordered and (o.fk = r.lk or o.lk = r.fk)) as against,
           count(*) filter (where o.ordered and (o.fk = r.fk or o.lk = r.lk)) as along
    from evidence r join by_file o
      on o.lead_id = r.lead_id and ((o.fk = r.lk or o.lk = r.fk) != (o.fk = r.fk or o.lk = r.lk))
    where r.disputed
    group by all
),

mail_order as (
    -- where the lead's e-mail puts the row's two parts: mario.rossi, mrossi and m.rossi put the first
    -- name first (-1), rossi.mario puts it last (1); 0 where no address spells them
    select e.lead_id, e.source_file, e.source_row,
           coalesce(max(case when strpos(m.local, e.fk) > 0 and strpos(m.local, e.lk) > 0
                             then sign(strpos(m.local, e.fk) - strpos(m.local, e.lk))
                             when strpos(m.local, e.lk) > 1 and left(m.local, 1) = left(e.fk, 1) then -1
                             when strpos(m.local, e.fk) > 1 and left(m.local, 1) = left(e.lk, 1) then 1 end), 0)
               as mail_says
    from evidence e join mail_locals m on m.lead_id = e.lead_id
    where e.disputed and e.for_order = 0 and length(e.fk) >= 2 and length(e.lk) >= 2
    group by all
),

oriented as (
    -- a row of a file that keeps an order is turned round only on clear evidence; a row of a file
    -- that keeps none takes the order the evidence favours. A row whose lead holds the same two words
    -- the other way too takes the order the list clearly knows, else the order most of the lead's rows
    -- in files that keep one give ("Russell Dean" twice and "Dean Russell" once, two words the list
    -- holds either way), else the order the evidence favours, and where the list cannot tell, the
    -- order of the lead's e-mail address
    select e.* exclude (for_order, disputed),
           e.reversed != case
               when e.disputed and abs(e.for_order) < 0.5 and v.against <> v.along then v.against > v.along
               else e.for_order < case when e.disputed or not e.ordered then 0 else -0.5 end
                    or (e.for_order = 0 and coalesce(m.mail_says, 0) > 0) end as swapped
    from evidence e
    left join lead_votes v using (lead_id, source_file, source_row)
    left join mail_order m using (lead_id, source_file, source_row)
),

parts as (
    -- each row's first name and surname, the right way round (`fk`, `lk` are already its file's way)
    select lead_id, row_quality, source_file, source_row, run_id, honorific, swapped, 'first' as part,
           case when swapped then last_name else first_name end as written,
           case when swapped = reversed then fk else lk end as key
    from oriented
    union all
    select lead_id, row_quality, source_file, source_row, run_id, honorific, swapped, 'last',
           case when swapped then first_name else last_name end,
           case when swapped = reversed then lk else fk end
    from oriented
),

spellings as (
    -- how many rows of the list spell a part so: a typo is rare, the name it garbles is not
    select part, key, count(*) as in_list from parts group by all
),

named as (
    -- leads whose name more than one row gives: only these have anything to vote on
    select lead_id, count(*) > 1 as several from name_rows group by lead_id
),

part_votes as (
    select p.*,
           count(*) over (partition by p.lead_id, p.part, p.key) as votes,
           count(*) over (partition by p.lead_id, p.part, p.written) as same_writing,
           count(*) over (partition by p.lead_id, p.part) as candidates,
           s.in_list,
           exists (select 1 from mail_locals m
                   where m.lead_id = p.lead_id and length(p.key) >= 3
                     and contains(m.local, replace(p.key, ' ', ''))) as in_mail
    from parts p join spellings s using (part, key)
    semi join named n on n.lead_id = p.lead_id and n.several
),

ranked as (
    -- the rows agreeing, an e-mail spelling it as one more and a half (it settles a tie, and one
    -- stray copy), then how common the spelling is in the list, then the writing
    select *, row_number() over (
        partition by lead_id, part
        order by votes + 1.5 * in_mail::int desc, in_list desc, same_writing desc,
                 regexp_matches(written, '[^ -~]')::int desc, (written <> upper(written))::int desc,
                 row_quality desc, run_id, source_file, source_row) as rank
    from part_votes
),

part_winners as (
    -- the best first name; the best surname that is not that first name again (two rows, each the
    -- other way round and one with a typo, can put one word best in both places)
    select * from ranked where part = 'first' and rank = 1
    union all
    select l.* exclude (first_key) from (
        select l.*, f.key as first_key from ranked l
        left join ranked f on f.lead_id = l.lead_id and f.part = 'first' and f.rank = 1
        where l.part = 'last'
    ) l
    qualify row_number() over (partition by lead_id order by (key is not distinct from first_key)::int, rank) = 1
    union all by name
    select p.*, 1 as votes, 1 as candidates, false as in_mail
    from parts p semi join named n on n.lead_id = p.lead_id and not n.several
),

names as (
    select f.lead_id,
           concat_ws(chr(31), coalesce(h.honorific, ''), f.written, l.written) as value,
           f.source_file, f.source_row, f.run_id, least(f.votes, l.votes) as votes, f.candidates,
           'first name: ' || f.votes || ' of ' || f.candidates || ' rows' || case when f.in_mail then ', e-mail agrees' else '' end
           || '; surname: ' || l.votes || ' of ' || l.candidates || ' rows' || case when l.in_mail then ', e-mail agrees' else '' end
           || case when f.candidates > 1 and exists (select 1 from oriented o where o.lead_id = f.lead_id and o.swapped)
                   then '; a row had it the other way round' else '' end as rule
    from part_winners f
    join part_winners l on l.lead_id = f.lead_id and l.part = 'last'
    left join (  -- the title most rows give (of two as common, the first in the alphabet: mode() picks either)
        select lead_id, honorific from name_rows where honorific is not null group by lead_id, honorific
        qualify row_number() over (partition by lead_id order by count(*) desc, honorific) = 1
    ) h
        on h.lead_id = f.lead_id
    where f.part = 'first'
),

single as (
    -- a lead of one row has one candidate per field: nothing to vote on (its full name is in `names`)
    select lead_id, field, value, source_file, source_row, run_id, 1 as votes, 1 as candidates
    from (
        select lead_id, source_file, source_row, run_id, part_name as name, company_value as company, phone,
               email_value as email, job_title, address, city, postcode, region, country, employees, industry,
               budget, timeline, notes, contract_end
        from members where single
    ) unpivot (value for field in (name, company, phone, email, job_title, address, city, postcode, region, country,
                                   employees, industry, budget, timeline, notes, contract_end))
),

multi_members as (
    select * from members where not single
),

candidates as (
    -- each row of a lead of several rows, a candidate for each field it fills (a part of a name only where
    -- no row gives the whole name)
    select lead_id, 'name' as field, part_name as value, name_key as vote_key, 0 as pref,
           row_quality, source_file, source_row, run_id
    from multi_members
    where part_name is not null and lead_id not in (select lead_id from names)
    union all by name
    select lead_id, 'company' as field, company_value as value, company_key as vote_key, company_pref as pref,
           row_quality, source_file, source_row, run_id
    from multi_members where company_value is not null
    union all by name
    select lead_id, 'phone' as field, phone as value, phone_pref as pref, row_quality, source_file, source_row, run_id
    from multi_members where phone is not null
    union all by name
    select lead_id, 'email' as field, email_value as value, email_pref as pref,
           row_quality, source_file, source_row, run_id
    from multi_members where email_value is not null
    union all by name
    select lead_id, 0 as pref, row_quality, source_file, source_row, run_id, field, value
    from (
        select lead_id, row_quality, source_file, source_row, run_id,
               job_title, address, city, postcode, region, country, employees, industry, budget, timeline, notes,
               contract_end
        from multi_members
    ) unpivot (value for field in (job_title, address, city, postcode, region, country, employees, industry,
                                   budget, timeline, notes, contract_end))
),

multi as (
    -- a lead of several rows: the candidates vote; how new the row's list is (a run's as-of date, this
    -- run, not yet recorded, the newest); a firm the lead's e-mail domain names (rossisrl.it for Rossi S.r.l.)
    select c.*, coalesce(c.vote_key, lower(c.value)) as vote, coalesce(r.as_of, date '9999-12-31') as listed,
           d.lead_id is not null as in_domain
    from candidates c
    left join runs r on r.run_id = c.run_id
    left join (
        select distinct c.lead_id, c.company_key as vote_key
        from multi_members c join multi_members m on m.lead_id = c.lead_id
        where c.company is not null and length(c.company_key) >= 3 and m.email_domain is not null
          and contains(replace(m.email_domain, '-', ''), replace(c.company_key, ' ', ''))
    ) d on c.field = 'company' and d.lead_id = c.lead_id and d.vote_key = c.vote_key
),

counted as (
    select m.*, v.votes, f.candidates, f.listings
    from multi m
    join (select lead_id, field, vote, count(*) as votes from multi group by all) v using (lead_id, field, vote)
    join (select lead_id, field, count(*) as candidates, count(distinct listed) as listings from multi group by all) f
        using (lead_id, field)
),

voted as (
    -- a job title, firm or phone can change: the newest list's value wins, then the most rows agreeing
    select * from counted
    qualify row_number() over (
        partition by lead_id, field
        order by pref desc, case when field in ('job_title', 'company', 'phone') then listed end desc nulls last,
                 in_domain desc, votes desc, row_quality desc, run_id, source_file, source_row) = 1
),

final as (
    select lead_id, field, value, source_file, source_row, run_id as source_run_id, votes, candidates,
           case
               when candidates = 1 then 'only value'
               else case when listings > 1 and field in ('job_title', 'company', 'phone')
                         then 'from the newest list; ' else '' end
                    || case when in_domain then 'the e-mail domain names it; ' else '' end
                    || case
                           when pref > 0 and field = 'phone' then 'valid number, mobile preferred; ' || votes || ' of '
                                || candidates || ' rows agree'
                           when pref > 0 and field = 'email' then 'valid personal address preferred; ' || votes || ' of '
                                || candidates || ' rows agree'
                           else 'most rows agree (' || votes || ' of ' || candidates || '), then the most complete row'
                       end
           end as rule
    from (select * from single union all by name select * from voted)
    union all
    select lead_id, 'name', value, source_file, source_row, run_id, votes, candidates,
           case when candidates = 1 then 'only value' else rule end
    from names
)

select * from final
