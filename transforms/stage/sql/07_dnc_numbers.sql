-- dnc_numbers: every number of every DNC list, once per list: each valid reading of each of the list's
-- cells in the countries it is read in (`06_dnc_cell_readings.sql`).
select distinct r.e164, r.national, l.list_name
from dnc_cell_readings r
join dnc_lists l using (list_no)
where r.e164 is not null
