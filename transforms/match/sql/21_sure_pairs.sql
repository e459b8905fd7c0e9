-- sure_pairs: one row per Splink pair sure enough to merge (grain: row_id_l, row_id_r or lead_id_r). A pair
-- merges at $merge probability or above when the first names agree (same name, a missing first name,
-- Jaro-Winkler >= $first_name_similarity, one edit apart, or the same letters shuffled: "Jessica" /
-- "aessicJ", a nickname: "Tony" / "Anthony", the names swapped up to typos: "Hartaai Kartika" / "Kartika
-- Hartati") or the date of birth agrees (exact or one typo off): a family or a team sharing one address or
-- phone stays apart and goes to review. A pair backed by names (and place) alone, with no e-mail, phone or
-- firm in common, merges only when nothing conflicts (another firm, another e-mail) and it is unambiguous:
-- every person it could also be is, by the same evidence, this one (a third row of the same Mario Rossi), or
-- nothing tells them apart, not someone else (another Mario Rossi, with another e-mail). In a big list the
-- same name in the same city is often two people. `key_components` tells which rows are already one person.
-- `lead_id_r` is set when the right row is a stored row of an earlier run: the new row then belongs to that
-- lead.
with agreed as (
    select *, row_number() over () as pair_id
    from match_pairs
    where match_probability >= $merge
      and not coalesce(generations_apart, false)  -- John Smith and John Smith Jr. at one address are two
      -- a list that holds no households (`learning.households_evident`) has no family to keep apart
      and (not $households or first_key_l is null or first_key_r is null or name_key_l = name_key_r or same_birth or nickname or swapped
           or jaro_winkler_similarity(first_key_l, first_key_r) >= $first_name_similarity
           or damerau_levenshtein(first_key_l, first_key_r) <= 1
           or (length(first_key_l) >= 4
               and list_sort(string_split(first_key_l, '')) = list_sort(string_split(first_key_r, ''))))
),

ends as (
    -- each pair's two rows (`node`) and the person each stands for (`person`: its key component, else itself)
    select a.pair_id, a.shares_contact, a.shares_contact or not a.conflicts as merges_alone,
           'r' || a.row_id_l as node_l, coalesce('r' || a.row_id_r, 'l' || a.lead_id_r) as node_r,
           coalesce('k' || kl.component, 'r' || a.row_id_l) as person_l,
           coalesce('k' || kr.component, 'r' || a.row_id_r, 'l' || a.lead_id_r) as person_r
    from agreed a
    left join key_components kl on kl.row_id = a.row_id_l
    left join key_components kr on kr.row_id = a.row_id_r
),

name_only_ends as (
    -- each end of a names-only pair, with the person at the other end and that end's row (`partner`)
    select pair_id, node_l as node, person_r as other, node_r as partner from ends where not shares_contact
    union all
    select pair_id, node_r, person_l, node_l from ends where not shares_contact
),

contact_ties as (
    -- two persons a pair sharing a contact says are one
    select person_l as a, person_r as b from ends where shares_contact
    union all
    select person_r, person_l from ends where shares_contact
),

one_person as (
    -- two persons a pair says are one, on its own merits
    select person_l as a, person_r as b from ends where merges_alone
    union all
    select person_r, person_l from ends where merges_alone
    union all
    -- ... or two that share a contact each with a third (Gabriel Moulton's home and birth date, one row
    -- holding his name swapped, another without the birth date)
    select c1.b, c2.b from contact_ties c1 join contact_ties c2 on c2.a = c1.a and c2.b <> c1.b
    union all
    -- ... or two the matcher found alike, below the merge line, with nothing against them (one holds a typo,
    -- the other no birth date): a third row like both is the same person seen three times. Namesakes differ
    -- somewhere (another e-mail, another birth date) and score low or conflict
    select unnest([l, r]), unnest([r, l]) from (
        select coalesce('k' || kl.component, 'r' || m.row_id_l) as l,
               coalesce('k' || kr.component, 'r' || m.row_id_r, 'l' || m.lead_id_r) as r
        from match_pairs m
        left join key_components kl on kl.row_id = m.row_id_l
        left join key_components kr on kr.row_id = m.row_id_r
        where not m.conflicts and not coalesce(m.generations_apart, false))
),

told_apart as (
    -- what tells two of this run's rows apart (`row_features`): another e-mail, firm or birth date (beyond a
    -- typo or day and month swapped), or numbers with none in common
    select row_id, email, company_key, dob_text, dob_swap, list_filter([p1, p2], lambda p: p is not null) as phones
    from row_features
),

ambiguous_nodes as (
    -- a row that names-only pairs tie to two persons not shown to be one, and told apart (a stored lead is
    -- not looked into: it counts as told apart). Two rows with nothing to tell them apart (a name, a place,
    -- no contact, no birth date on one of them) are one person seen twice
    select distinct e1.node
    from name_only_ends e1
    join name_only_ends e2 on e2.node = e1.node and e2.other > e1.other
    left join told_apart a on 'r' || a.row_id = e1.partner
    left join told_apart b on 'r' || b.row_id = e2.partner
    anti join one_person o on o.a = e1.other and o.b = e2.other
    where a.row_id is null or b.row_id is null
       or a.email <> b.email or a.company_key <> b.company_key
       or (damerau_levenshtein(a.dob_text, b.dob_text) > 1 and a.dob_text <> b.dob_swap)
       or (len(a.phones) > 0 and len(b.phones) > 0 and not list_has_any(a.phones, b.phones))
),

ambiguous as (
    select distinct pair_id from name_only_ends semi join ambiguous_nodes using (node)
),

final as (
    select a.row_id_l, a.row_id_r, a.lead_id_r, a.match_probability
    from agreed a
    where a.pair_id not in (select pair_id from ambiguous)
      and (a.shares_contact or not a.conflicts)
)

select * from final
