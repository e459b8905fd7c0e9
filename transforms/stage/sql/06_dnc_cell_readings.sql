-- dnc_cell_readings (a view, not a table): every non-empty phone cell of this load's DNC lists, once
-- per country it is read in, with its reading from `dnc_readings` (kept across runs; `known` is false
-- until transforms/stage/suppression.py has read the pair). A national number is read in every country of
-- its list (`dnc_lists.countries`: the list's own, then the run's); a number that carries `+` or `00`
-- in the list's first country only (the country decides nothing for `+`, and `00` is that country's
-- international prefix). No countries at all: the country is '' and the cell is read without one.
with cell_countries as (
    select c.list_no, c.cell,
           unnest(case when starts_with(trim(c.cell), '+') or starts_with(trim(c.cell), '00')
                       then [string_split(l.countries, ' ')[1]]
                       else string_split(l.countries, ' ') end) as country
    from dnc_cells c
    join dnc_lists l using (list_no)
)

select cc.list_no, cc.cell, cc.country, r.e164, r.national, r.raw is not null as known
from cell_countries cc
left join dnc_readings r on r.raw = cc.cell and r.country = cc.country
