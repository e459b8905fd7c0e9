"""schema.sql: the store's kept tables. The two that mirror a model's columns (lead_members: stg_leads' rows
and their lead; member_features: the matcher's row features) must keep the model's columns and types, or a
kept store would lose what a new column holds; every kept table states its grain."""
from __future__ import annotations

import re

from transforms.core.store import SCHEMA
from transforms.match import members


def columns(con, table: str) -> list[tuple[str, str]]:
    return [(name, kind) for name, kind, *_ in con.execute(f"describe {table}").fetchall()]


def test_lead_members_has_the_columns_of_stg_leads_and_the_lead(run_models):
    con = run_models([{"first_name": "Иван", "last_name": "Петров", "phone": "0888 723 451", "country": "BG"}])
    assert columns(con, "lead_members") == [*columns(con, "stg_leads"), ("lead_id", "VARCHAR"), ("run_id", "VARCHAR")]


def test_member_features_has_the_columns_of_the_row_features(run_models):
    con = run_models([{"first_name": "Giulia", "last_name": "Bianchi", "email": "giulia.bianchi@esempio.it"}])
    members.row_features(con, "select *, ''::varchar as run_id from stg_leads limit 0", "features_now")
    assert sorted(columns(con, "member_features")) == sorted(columns(con, "features_now"))


def test_every_kept_table_states_its_grain():
    text = SCHEMA.read_text(encoding="utf-8")
    tables = re.findall(r"create table if not exists (\w+) \(\s*--\s*grain: ", text)
    assert len(tables) == text.count("create table if not exists") and "lead_members" in tables
