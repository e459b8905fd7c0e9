-- households: one row, counting the pairs of rows that give one surname at one street address, both with a
-- first name and a date of birth, by whether they agree on the first name (up to a typo) and on the birth
-- date (up to a typo). Among rows of one person the two disagree independently (a list mistypes a name or
-- a date, each on its own); a family at one address disagrees on both at once. `learning.households_evident`
-- reads the counts: disagreeing on both far more often than chance says the list holds households.
with homes as (
    select row_id, first_key, last_key, address_key, strftime(dob, '%Y%m%d') as dob_text from row_features
    where first_key is not null and last_key is not null and address_key is not null and dob is not null
    union all
    select row_id, first_key, last_key, address_key, strftime(dob, '%Y%m%d') from member_features
    where $with_store and first_key is not null and last_key is not null and address_key is not null
      and dob is not null
),

pairs as (
    select jaro_winkler_similarity(l.first_key, r.first_key) >= 0.85
               or damerau_levenshtein(l.first_key, r.first_key) <= 1 as same_first,
           damerau_levenshtein(l.dob_text, r.dob_text) <= 1 as same_birth
    from homes l join homes r
      on l.last_key = r.last_key and l.address_key = r.address_key and l.row_id < r.row_id
)

select count(*) filter (where not same_first and not same_birth) as differ_both,
       count(*) filter (where not same_first and same_birth) as differ_first,
       count(*) filter (where same_first and not same_birth) as differ_birth,
       count(*) filter (where same_first and same_birth) as differ_neither
from pairs
