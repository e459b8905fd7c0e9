-- splink_name_blocks: each row's keys for the name-based blocking rules (name prefix + country, name,
-- first name + firm, e-mail local part, surname) and for the firm and the street (which find rows without a
-- name). A key blocks as it is up to MAX_NAME_BLOCK_ROWS rows (the weak rules, name prefix, surname and
-- postcode: MAX_WEAK_BLOCK_ROWS: a rare surname blocks across towns, a common one in one town); a bigger
-- block is split by city, and a city's part still bigger is not blocked on by that rule (the row keeps its
-- other rules). Sizes from `splink_block_sizes`; its own statement so
-- DuckDB can spill.
with keys as (
    -- one row per row and rule (two lists unnested side by side: no lateral join, which DuckDB plans as a
    -- join back on every key column)
    select * from (
        select unique_id, city, unnest(['np', 'n', 'fc', 'l', 'co', 'a', 'd', 'pc', 's']) as rule,
               unnest([np_key, name_key, fc_key, l_key, company_key, address_key, dob::varchar,
                       country || '|' || postcode, last_key]) as k
        from splink_features)
    where k is not null
),

blocks as (
    select keys.unique_id, keys.rule,
           case when w.n <= cap then keys.k
                when c.n <= cap then keys.k || '|' || keys.city end as block
    from (select *, case when rule in ('np', 's', 'pc') then $max_weak_block_rows else $max_name_block_rows end as cap
          from keys) keys
    join splink_block_sizes w on w.whole and w.rule = keys.rule and w.k = keys.k
    left join splink_block_sizes c on not c.whole and c.rule = keys.rule and c.k = keys.k and c.city = keys.city
)

select unique_id,
       max(block) filter (where rule = 'np') as name_prefix_block,
       max(block) filter (where rule = 'n') as name_key_block,
       max(block) filter (where rule = 'fc') as first_company_block,
       max(block) filter (where rule = 'l') as email_local_block,
       max(block) filter (where rule = 'co') as company_block,
       max(block) filter (where rule = 'a') as address_block,
       max(block) filter (where rule = 'd') as dob_block,
       max(block) filter (where rule = 'pc') as postcode_block,
       max(block) filter (where rule = 's') as surname_block
from blocks
where block is not null
group by unique_id
