"""Run settings: reps and their territories, from --reps and from a reps file."""
from pathlib import Path

import pytest

from pipelines.config import Rep, RunSettings, parse_rep, read_reps_file, rep_params


@pytest.mark.parametrize("text, rep", [
    ("Anna", Rep("Anna")),
    ("Anna:IT", Rep("Anna", ("IT",))),
    ("Борис Петров: България", Rep("Борис Петров", ("BG",))),
    ("Ni Luh Putu:Indonesia", Rep("Ni Luh Putu", ("ID",))),
    ("Zoë:UK/Ireland", Rep("Zoë", ("GB", "IE"))),
    ("Niccolò:it;sm", Rep("Niccolò", ("IT", "SM"))),
    ("Giulia:Lombardia", Rep("Giulia", (), ("lombardia",))),
    ("Цветa:София+BG", Rep("Цветa", ("BG",), ("софия",))),
])
def test_a_rep_reads_as_name_and_territory(text, rep):
    assert parse_rep(text) == rep


def test_settings_pass_reps_to_sql_as_aligned_lists():
    settings = RunSettings(inputs=(), out_dir=Path("out"), reps=("Anna:IT", "Борис:BG", "Carla"))
    params = settings.sql_params("r1")
    assert params["reps"] == ["Anna", "Борис", "Carla"]
    assert params["rep_countries"] == [["IT"], ["BG"], []]
    assert params["rep_places"] == [[], [], []]


def test_no_reps_give_empty_lists():
    assert rep_params(()) == {"reps": [], "rep_countries": [], "rep_places": []}


@pytest.mark.parametrize("text, reps", [
    ("name,territory\nAnna,IT\nБорис,BG\nCarla,\n", ("Anna:IT", "Борис:BG", "Carla")),
    ("Nome;Zona\nGiulia;Lombardia\nNiccolò;Italia\n", ("Giulia:Lombardia", "Niccolò:Italia")),
    ("\ufeffИме,Територия\nЦвета,България\nИван,\n", ("Цвета:България", "Иван")),
    ("Nama\tWilayah\nNi Luh Putu\tIndonesia\n", ("Ni Luh Putu:Indonesia",)),
    ("territory,name\nGB,Oliver\n", ("Oliver:GB",)),
    ("# sales team\nAnna\n\nBoris\nЦвета\n", ("Anna", "Boris", "Цвета")),
    ("Anna,IT\nBoris,BG\n", ("Anna:IT", "Boris:BG")),
])
def test_reps_file_with_or_without_header(tmp_path, text, reps):
    path = tmp_path / "reps.csv"
    path.write_text(text, encoding="utf-8")
    assert read_reps_file(path) == reps
