"""Issue 22: same inputs, same options, same store state: the same files, byte for byte (row order and ties
fixed), whichever run and whatever the run id."""
from __future__ import annotations

import datetime as dt
import zipfile

from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run
from tests.flows.conftest import SAMPLE

FILES = ("call_list.csv", "recontact.csv", "do_not_call.csv", "lineage.csv", "quarantine.csv", "review_pairs.csv",
         "hubspot_import.csv", "salesforce_import.csv")


def test_two_runs_of_the_same_lists_publish_the_same_bytes(tmp_path):
    outs = []
    for n in (1, 2):
        out = tmp_path / f"out_{n}"
        leadsweep_run(RunSettings(inputs=(SAMPLE,), out_dir=out, dnc=(SAMPLE / "_meta" / "dnc.csv",),
                                  customers=SAMPLE / "_meta" / "customers.csv", reps=("Anna:IT", "Борис:BG", "Sam"),
                                  as_of=dt.date(2026, 11, 23), exports=("hubspot", "salesforce")))
        outs.append(out)
    for name in FILES:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    books = [zipfile.ZipFile(out / "call_list.xlsx") for out in outs]
    sheets = [n for n in books[0].namelist() if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml"]
    assert sheets and all(books[0].read(n) == books[1].read(n) for n in sheets)
