-- match_pairs: one row per scored candidate pair at or above the threshold (grain: row_id_l, row_id_r or
-- lead_id_r), the new row on the left; a pair with a stored row names its lead (lead_id_r) instead of a row.
-- probabilistic.predict_pairs fills in the braces: the table of Splink's prediction, and the expressions
-- over its comparison levels (splink_model.py) for the evidence, a shared contact, a conflict, the same
-- birth date, a nickname and swapped names, whose level numbers change with the model's comparisons.
with scored as (
    select unique_id_l::bigint as a, unique_id_r::bigint as b, match_probability, match_weight,
           {evidence} as evidence,
           {shares_contact} as shares_contact, {conflicts} as conflicts,
           {same_birth} as same_birth, {nickname} as nickname, {swapped} as swapped
    from {predictions}
    where match_probability >= $threshold and (unique_id_l > 0 or unique_id_r > 0)
),
oriented as (  -- stored rows have negative ids: the new row goes left
    select greatest(a, b) as id_l, least(a, b) as id_r, * exclude (a, b) from scored
)
select o.id_l as row_id_l, case when r.stored_lead_id is null then o.id_r end as row_id_r,
       r.stored_lead_id as lead_id_r, o.match_probability, o.match_weight, o.evidence, o.shares_contact,
       o.conflicts,
       -- a father and his son: Jr. on one side only (or Sr., III ...), and no birth date says otherwise
       l.generation is distinct from r.generation and not o.same_birth as generations_apart,
       o.same_birth, o.nickname, o.swapped,
       l.first_key as first_key_l, r.first_key as first_key_r, l.name_key as name_key_l, r.name_key as name_key_r,
       l.source_file as source_file_l, l.source_row as source_row_l,
       r.source_file as source_file_r, r.source_row as source_row_r
from oriented o
join splink_input l on l.unique_id = o.id_l
join splink_input r on r.unique_id = o.id_r
