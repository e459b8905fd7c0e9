-- splink_block_sizes: rows per key of the name-, firm- and street-based blocking rules (whole), and per key and city,
-- for the keys this run's rows hold (stored rows pair only with new ones). Candidate pairs grow with
-- the square of a block: at 10M rows `ros|mar|IT` alone holds 10k rows, 50M pairs; `features.sql`
-- splits a big block by city. Its own statement, so DuckDB can spill the aggregation.
with all_rows as (
    select first_key, last_key, name_key, company_key, address_key, dob, email_local, country, city, postcode from row_features
    union all
    select first_key, last_key, name_key, company_key, address_key, dob, email_local, country, city, postcode
    from member_features where $with_store
),

name_values as (
    select 'np' as rule, left(last_key, 3) || '|' || left(first_key, 3) || '|' || country as k, city from all_rows
    union all select 'n', name_key, city from all_rows
    union all select 'fc', first_key || '|' || company_key, city from all_rows
    union all select 'l', case when length(email_local) >= 6 then email_local end, city from all_rows
    union all select 'co', company_key, city from all_rows
    union all select 'a', address_key, city from all_rows
    union all select 'd', dob::varchar, city from all_rows
    union all select 'pc', country || '|' || postcode, city from all_rows
    union all select 's', last_key, city from all_rows
),

new_keys as (
    select distinct 'np' as rule, left(last_key, 3) || '|' || left(first_key, 3) || '|' || country as k
    from row_features
    union select 'n', name_key from row_features
    union select 'fc', first_key || '|' || company_key from row_features
    union select 'l', case when length(email_local) >= 6 then email_local end from row_features
    union select 'co', company_key from row_features
    union select 'a', address_key from row_features
    union select 'd', dob::varchar from row_features
    union select 'pc', country || '|' || postcode from row_features
    union select 's', last_key from row_features
),

city_sizes as (
    select rule, k, city, count(*) as n from name_values semi join new_keys using (rule, k)
    where k is not null group by rule, k, city
)

select rule, k, city, false as whole, n from city_sizes where city is not null
union all
select rule, k, null, true, sum(n) from city_sizes group by rule, k
