-- lead_signals: one row per lead of this run (grain: lead_id): every fact the scores are made of,
-- named as a reason code. Value facts: title role and seniority (executive, director, manager,
-- staff, junior), company size, industry, completeness, BANT fields.
-- Junk facts: placeholder or keyboard-mash names, fake/premium/invalid numbers, placeholder or
-- disposable emails, values shared by many leads, a title without a company.
with leads_ as (
    select *, lower(concat_ws(' ', first_name, last_name)) as display_name from leads
),

placeholder_tokens as (
    select list(name) filter (where kind = 'token') as tokens, list(name) filter (where kind = 'filler') as fillers
    from ref_placeholder_names
),

placeholder_full as (
    select list(name) as names from ref_placeholder_names where kind = 'full'
),

sizes as (
    select lead_id, headcount(employees) as employees_n from leads_  -- core/macros.sql
),

-- budget: its first number as written and the multiplier word right after it ("50k", "1,5 mln", "50 juta",
-- "50 хил."). Spaces (also no-break ones) are thousands separators only before three digits ("120 000 лв."),
-- a dot or comma belongs to the number only between digits (not the dot of "лв."). A multiplier written
-- against the number is read as if spaced ("1 500k" is 1 500 k).
budget_numbers as (
    select lead_id, regexp_replace(n.num, '[^0-9.,]', '', 'g') as num, n.unit
    from (select lead_id, regexp_extract(regexp_replace(lower(budget), '(\d)(\pL)', '\1 \2', 'g'),
            '(\d+(?:[.,]\d+|[\s\x{00a0}\x{202f}]\d{3}\b)*)[\s\x{00a0}\x{202f}]*'
            || '(?:(k|mila|ribu|rb|хил|хиляди|m|mn|mln|mio|millions|million|milion[ei]|juta|jt|млн|милиона|милион'
            || '|bn|billions|billion|mld|miliard[io]|miliar|млрд)(?:[^\pL]|$))?',
            ['num', 'unit']) as n from leads_)
),

-- The decimal separator is the last dot or comma, unless it is the number's only separator and three
-- digits follow it, or it is written more than once: then every dot and comma separates thousands.
-- "€ 50.000,00" -> 50000, "$120,000.50" -> 120000.5, "Rp 50.000.000" -> 50000000, "1.200" -> 1200,
-- "1,5 mln" -> 1500000, "€50K" -> 50000. A range is read as its first number.
budgets as (
    select lead_id,
        try_cast(case when sep <> '' and (contains(num, translate(sep, '.,', ',.'))
                                          or (length(num) - length(replace(num, sep, '')) = 1
                                              and not regexp_matches(num, '[.,]\d{3}$')))
                      then replace(regexp_replace(regexp_replace(num, '[.,](\d+)$', '#\1'), '[.,]', '', 'g'), '#', '.')
                      else replace(replace(num, '.', ''), ',', '') end as double)
        * case when unit in ('k', 'mila', 'ribu', 'rb', 'хил', 'хиляди') then 1e3
               when unit in ('bn', 'billions', 'billion', 'mld', 'miliardi', 'miliardo', 'miliar', 'млрд') then 1e9
               when unit <> '' then 1e6 else 1 end as budget_n
    from (select *, regexp_extract(num, '([.,])\d+$', 1) as sep from budget_numbers)
),

-- timeline: "buying soon" is a soon word or phrase read as a whole word (RE2's \b knows only ASCII, so
-- [^\pL\pN] guards, which also know Cyrillic: "Unknown", "dentro", "засега" are no "now", "entro", "сега").
-- First dropped: a negation with the word or two it negates ("not now", "non subito", "не сега",
-- "tidak segera", "isn't urgent"), a quarter written with a year, and the "from now" of a horizon ("6 months
-- from now" is as soon as "6 months": a short horizon, up to about three months, is soon). A quarter is soon only without a
-- year ("Q3"): with one ("Q3 2027", "2027 Q1") it may be years away, and this model has no run date to
-- tell, so it is left out rather than guessed. "entro" is soon only before a short horizon ("entro fine
-- mese", "entro il mese", "entro 30 giorni", "entro 3 mesi"), not "entro l'anno" or "entro 6 mesi".
timelines as (
    select lead_id, regexp_matches(
        regexp_replace(regexp_replace(
            regexp_replace(regexp_replace(lower(timeline), '[\s\x{00a0}\x{202f}]+', ' ', 'g'),
                '(^|[^\pL\pN])(not|no|non|never|\pL*n[''’]t|не|няма|tidak|tak|belum|bukan)(?: ?- ?| )(\pL+ )?[\pL\pN]+',
                '\1', 'g'),
            '\bq[1-4][ /''’.-]*(del |of )?(fy)?(\d{4}|\d{2})\b|\b\d{4}[ /-]*q[1-4]\b', ' ', 'g'),
            '(^|[^\pL\pN])from now([^\pL\pN]|$)', '\1 \2', 'g'),
        '(^|[^\pL\pN])(now|a\.?s\.?a\.?p|immediat\pL*|urgen[tzc]\pL*|this (week|month|quarter)|q[1-4]'
        || '|[01] ?[-–] ?3 (months?|mesi|месеца|bulan)'
        || '|(\d{1,2}|a few|few|a couple of) days?|([1-9]|1[0-2]|a|one|two|three|four|a few|few|a couple of) weeks?'
        || '|([1-3]|a|one|two|three|a couple of) months?'
        || '|subito|al più presto|prima possibile|questo (mese|trimestre)'
        || '|entro (il |la |questo |questa |(la )?fine (del |della |di )?)?(settimana|mese|trimestre)'
        || '|entro (\d{1,2}|pochi|qualche|una?|due|tre) (giorn[oi]|settiman[ae])|entro ([1-3]|una?|due|tre) mes[ei]'
        || '|сега|веднага|незабавно|спеш\pL*|този месец|(se)?segera|secepatnya|bulan ini)([^\pL\pN]|$)')
        as timeline_soon
    from leads_
),

lead_phones as (
    select lead_id, unnest(phones) as shared_phone from leads_
),

shared as (
    select lp.lead_id, max(pc.leads) as leads_per_phone
    from lead_phones lp
    join (select shared_phone, count(distinct lead_id) as leads from lead_phones group by shared_phone) pc
      using (shared_phone)
    group by lp.lead_id
),

final as (
    select
        l.lead_id,
        coalesce(t.role, case when l.job_title is null then 'none' else 'unknown' end) as title_level,
        coalesce(t.level, case when l.job_title is null then 'none' else 'unknown' end) as seniority,
        s.employees_n,
        (l.first_name is not null or l.last_name is not null)::int + (l.company is not null)::int
            + (l.job_title is not null)::int + l.has_valid_phone::int + l.has_valid_email::int
            + (l.city is not null)::int as filled_fields,
        b.budget_n,
        l.timeline is not null as has_timeline,
        coalesce(tl.timeline_soon, false) as timeline_soon,
        placeholder_name(string_split(coalesce(l.name_key, ''), ' '), pt.tokens, pt.fillers)
            or placeholder_name(string_split(l.display_name, ' '), pt.tokens, pt.fillers) as is_placeholder_name,
        list_contains(pf.names, l.display_name) and not (l.has_valid_email and l.company is not null)
            as is_stock_name,
        regexp_matches(coalesce(l.name_key, ''), '(^|\s)[^aeiouy\s]{4,}(\s|$)|^.$')
            or (length(replace(l.name_key, ' ', '')) >= 3
                and len(list_distinct(string_split(replace(l.name_key, ' ', ''), ''))) <= 2) as is_mash_name,
        l.name_key is null as has_no_name,
        coalesce(sh.leads_per_phone, 0) as leads_per_phone,
        l.job_title is not null and l.company is null as has_title_without_company,
        size_band(s.employees_n) as size_band,
        coalesce(ind.industry_key, nullif(lower(trim(l.industry)), '')) as industry_key,
        l.* exclude (lead_id, display_name)
    from leads_ l
    left join title_classes t on t.title = lower(l.job_title)
    left join industry_classes ind on ind.industry = lower(l.industry)
    left join sizes s using (lead_id)
    left join budgets b using (lead_id)
    left join timelines tl using (lead_id)
    left join shared sh using (lead_id)
    cross join placeholder_tokens pt
    cross join placeholder_full pf
)

select * from final
