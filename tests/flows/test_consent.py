"""A consent (opt-in) column is not an opt-out: only those who said no are set aside."""
import csv
import datetime as dt

from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run

ROWS = [("Mario", "Rossi", "+39 347 1234567", "si"), ("Giulia", "Bianchi", "+39 348 7654321", "no"),
        ("Luca", "Verdi", "+39 349 1112223", ""), ("Anna", "Neri", "+39 340 9998887", "Sì")]


def test_consenso_privacy_no_rows_are_the_only_ones_set_aside(tmp_path):
    path = tmp_path / "contatti.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Nome", "Cognome", "Cellulare", "Consenso privacy"])
        writer.writerows(ROWS)
    leadsweep_run(RunSettings(inputs=(path,), out_dir=tmp_path / "out", as_of=dt.date(2026, 12, 1)))
    with (tmp_path / "out" / "lineage.csv").open(encoding="utf-8") as fh:
        disposition = {int(r["source_row"]): r["disposition"] for r in csv.DictReader(fh)}
    assert disposition[2] == "do_not_call"
    assert all(disposition[n] != "do_not_call" for n in (1, 3, 4)), disposition
