"""Do-not-call register readings (issue 21): which register a --dnc list reads, and when that reading is stale."""
import datetime as dt

import pytest

from transforms.core.registers import reading, stale_message
from transforms.ingest.lists import SourcesError, load_source_settings

AS_OF = dt.date(2026, 12, 7)


@pytest.mark.parametrize(("register", "days_old", "stale"), [
    ("it_rpo", 15, False), ("it_rpo", 16, True), ("uk_tps", 28, False), ("uk_tps", 29, True),
    ("uk_ctps", 29, True), ("it_rpo", -2, False),  # consulted after --as-of: a re-run of an old day
])
def test_a_reading_is_stale_once_older_than_its_registers_window(register, days_old, stale):
    assert reading("dnc.csv", register, AS_OF - dt.timedelta(days=days_old), AS_OF)["stale"] is stale


def test_an_own_opt_out_list_never_goes_stale():
    assert not reading("optout.csv", None, None, AS_OF)["stale"]
    assert not reading("optout.csv", "internal", dt.date(2001, 1, 1), AS_OF)["stale"]


def test_the_message_names_the_list_the_register_and_the_country_held_back():
    readings = [reading("rpo_novembre.csv", "it_rpo", dt.date(2026, 11, 1), AS_OF),
                reading("tps.csv", "uk_tps", dt.date(2026, 12, 1), AS_OF)]
    message = stale_message(readings, AS_OF.isoformat())
    assert "rpo_novembre.csv (it_rpo, consulted 2026-11-01, 36 days before 2026-12-07; good for 15 days)" in message
    assert "of IT" in message and "tps.csv" not in message and "\n" not in message
    assert stale_message(readings[1:], AS_OF.isoformat()) is None


@pytest.mark.parametrize(("entry", "problem"), [
    ("{file: rpo.csv, register: rpo, consulted: 2026-12-01}", "register 'rpo': unknown register (known: it_rpo"),
    ("{file: rpo.csv, register: it_rpo}", "register it_rpo needs 'consulted: YYYY-MM-DD'"),
    ("{file: rpo.csv, register: it_rpo, consulted: ieri}", "consulted 'ieri'"),
])
def test_a_wrong_register_entry_stops_the_run_naming_the_key(tmp_path, entry, problem):
    path = tmp_path / "sources.yaml"
    path.write_text(f"sources:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(SourcesError, match="entry 1 \\(rpo.csv\\)") as raised:
        load_source_settings(path)
    assert problem in str(raised.value)


def test_a_register_entry_reads_in_any_case(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - {file: tps.csv, register: UK_TPS, consulted: 2026-12-01}\n", encoding="utf-8")
    assert load_source_settings(path)["tps.csv"] == {"file": "tps.csv", "register": "uk_tps",
                                                     "consulted": dt.date(2026, 12, 1)}
