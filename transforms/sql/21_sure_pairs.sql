-- sure_pairs: one row per Splink pair sure enough to merge (grain: row_id_l, row_id_r or lead_id_r).
-- A pair merges at $merge probability or above when the first names agree (same name, a missing
-- first name, or Jaro-Winkler >= $first_name_similarity): a family or a team sharing one address
-- or phone stays apart and goes to review instead. `lead_id_r` is set when the right row is a
-- stored row of an earlier run: the new row then belongs to that lead.
with pairs as (
    select * from match_pairs where match_probability >= $merge
),

final as (
    select row_id_l, row_id_r, lead_id_r, match_probability
    from pairs
    where first_key_l is null or first_key_r is null or name_key_l = name_key_r
       or jaro_winkler_similarity(first_key_l, first_key_r) >= $first_name_similarity
)

select * from final
