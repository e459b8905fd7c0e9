-- An upper bound on the candidate pairs the blocking rules make over splink_input: n(n-1)/2 per
-- block of each rule, a row's two phones counted as one key column, the swapped-name rule left out
-- (its blocks are the name rule's). Overlaps between rules are counted twice. Sizes the chunks of
-- the prediction, so its scratch space stays bounded however long the list.
with blocks as (
    select count(*) as n from splink_input where email_block is not null group by email_block
    union all
    select count(*) from splink_input where email_local_block is not null group by email_local_block
    union all
    select count(*) from splink_input where name_key_block is not null group by name_key_block
    union all
    select count(*) from splink_input where first_company_block is not null group by first_company_block
    union all
    select count(*) from splink_input where name_prefix_block is not null group by name_prefix_block
    union all
    select count(*) from splink_input where company_block is not null group by company_block
    union all
    select count(*) from splink_input where address_block is not null group by address_block
    union all
    select count(*) from splink_input where dob_block is not null group by dob_block
    union all
    select count(*) from splink_input where postcode_block is not null group by postcode_block
    union all
    select count(*) from splink_input where surname_block is not null group by surname_block
    union all
    select count(*) from (
        select unique_id, p1 as phone from splink_input where p1 is not null
        union
        select unique_id, p2 from splink_input where p2 is not null
    ) group by phone
)
select coalesce(sum(n * (n - 1) // 2), 0)::bigint as pairs from blocks
