"""Whether a rep greets the right person (issue 24): the published first and last names of each lead
against the true names of the person most of its rows belong to (`_meta/people.csv`).

Names compare by `transforms.core.text.match_key` (case, accents and script aside: Иван = Ivan), as the
person would accept them read aloud. A lead's first and last name both right counts as right; both
in each other's place counts as swapped. Leads of junk rows only, and leads without a name in any
output, are left out.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from transforms.core.text import match_key

OUTPUTS = ("call_list.csv", "recontact.csv", "do_not_call.csv")  # every file that names a lead


def name_scores(out_dir: Path, truth_csv: Path, people_csv: Path) -> dict:
    """Shares of leads (of two or more rows, and of all) whose published names are the true ones, and
    how many have first and last name swapped."""
    with duckdb.connect() as con:
        published = " union all ".join(
            f"select lead_id, first_name, last_name from read_csv('{out_dir / name}', all_varchar = true)"
            for name in OUTPUTS if (out_dir / name).exists())
        rows = con.execute(f"""
            with leads as ({published}),
            members as (
                select l.lead_id, t.person_id
                from read_csv('{out_dir / 'lineage.csv'}', all_varchar = true) l
                join read_csv('{truth_csv}', all_varchar = true) t using (source_file, source_row)
                where l.lead_id <> '' and t.person_id like 'P%'
            ),
            votes as (
                select lead_id, person_id, count(*) as n from members group by lead_id, person_id
            ),
            majority as (
                select lead_id, sum(n) over (partition by lead_id) as n_rows, person_id
                from votes
                qualify row_number() over (partition by lead_id order by n desc, person_id) = 1
            )
            select m.n_rows, l.first_name, l.last_name, p.first_name, p.last_name
            from majority m
            join leads l using (lead_id)
            join read_csv('{people_csv}', all_varchar = true) p using (person_id)
            where l.first_name is not null or l.last_name is not null
        """).fetchall()
    right = {True: 0, False: 0}
    total = {True: 0, False: 0}
    swapped = 0
    for n_rows, first, last, true_first, true_last in rows:
        multi = n_rows >= 2
        got, want = (match_key(first), match_key(last)), (match_key(true_first), match_key(true_last))
        total[multi] += 1
        right[multi] += got == want
        swapped += got == want[::-1] and want[0] != want[1]
    leads = total[True] + total[False]
    return {"names_right_multi": round(right[True] / total[True], 4) if total[True] else None,
            "names_right_all": round((right[True] + right[False]) / leads, 4) if leads else None,
            "names_swapped": swapped, "named_leads": leads}
