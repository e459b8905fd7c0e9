-- dnc_numbers: every number of every DNC list, once per list.
-- dnc_cells holds the lists' non-empty phone cells (stripped) by list_no, dnc_lists each list's name
-- and the countries its national numbers are read in; dnc_norm_readings has, for each distinct
-- (cell, countries), the cell's E.164 readings and their national digits, space-separated in the
-- same order (NULL when the cell is no valid number) (transforms/suppression.py).
select distinct * from (
    select unnest(string_split(r.e164, ' ')) as e164, unnest(string_split(r.national, ' ')) as national,
           l.list_name
    from dnc_cells c
    join dnc_lists l using (list_no)
    join dnc_norm_readings r on r.raw = c.cell and r.countries = l.countries
    where r.e164 is not null
)
