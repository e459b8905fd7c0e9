-- sure_pairs: one row per Splink pair sure enough to merge (grain: row_id_l, row_id_r or lead_id_r).
-- A pair merges at $merge probability or above when the first names agree (same name, a missing
-- first name, or Jaro-Winkler >= $first_name_similarity): a family or a team sharing one address
-- or phone stays apart and goes to review. A pair backed by names (and place) alone, with no
-- e-mail, phone or firm in common, merges only when nothing conflicts (another firm, another
-- e-mail) and it is unambiguous: neither row has such a pair with another person
-- (`key_components` tells which rows are already one person). In a big list the same name in
-- the same city is often two people. `lead_id_r` is set when the right row
-- is a stored row of an earlier run: the new row then belongs to that lead.
with agreed as (
    select *, row_number() over () as pair_id
    from match_pairs
    where match_probability >= $merge
      and (first_key_l is null or first_key_r is null or name_key_l = name_key_r
           or jaro_winkler_similarity(first_key_l, first_key_r) >= $first_name_similarity)
),

name_only_ends as (
    -- each end of a names-only pair, with the person at the other end
    select a.pair_id, 'r' || a.row_id_l as node,
           coalesce('k' || kr.component, 'r' || a.row_id_r, 'l' || a.lead_id_r) as other
    from agreed a left join key_components kr on kr.row_id = a.row_id_r
    where not a.shares_contact
    union all
    select a.pair_id, coalesce('r' || a.row_id_r, 'l' || a.lead_id_r),
           coalesce('k' || kl.component, 'r' || a.row_id_l)
    from agreed a left join key_components kl on kl.row_id = a.row_id_l
    where not a.shares_contact
),

ambiguous as (
    select distinct pair_id from name_only_ends
    where node in (select node from name_only_ends group by node having count(distinct other) > 1)
),

final as (
    select row_id_l, row_id_r, lead_id_r, match_probability
    from agreed
    where pair_id not in (select pair_id from ambiguous)
      and (shares_contact or not conflicts)
)

select * from final
