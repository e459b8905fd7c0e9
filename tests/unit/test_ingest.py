"""Ingest: a folder of mixed lead lists becomes raw rows; bad files are rejected with a reason."""
from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from transforms.ingest.headers import map_headers
from transforms.ingest.lists import collect_inputs, infer_country, ingest
from transforms.ingest.readers import Table


def bug(reason: str):
    return pytest.mark.xfail(reason=f"BUG: {reason}", strict=True)


def write(folder: Path, files: dict[str, bytes]) -> Path:
    """Write {relative path: content} under folder and return the folder."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return folder


def xlsx_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def damaged_xlsx(rows: list[list]) -> bytes:
    raw = xlsx_bytes(rows)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        offset = archive.getinfo("xl/worksheets/sheet1.xml").header_offset
    data = bytearray(raw)
    name_len, extra_len = struct.unpack("<HH", data[offset + 26:offset + 30])
    data[offset + 30 + name_len + extra_len] = 0xFF
    return bytes(data)


def country_of(headers: list[str], records: list[list[str]]) -> tuple[str | None, str]:
    table = Table(headers, records)
    mapping, language = map_headers(headers)
    return infer_country(table, mapping, language)


def rows_by_file(result) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in result.rows.to_pylist():
        out.setdefault(row["source_file"], []).append(row)
    return out


ITALIAN_CSV = "Nome;Cognome;Ragione Sociale;Telefono;Partita IVA\n" \
              "Mario;Rossi;Rossi S.r.l.;02 4871 5093;IT01234567890\n" \
              "Anna;Verdi;Verdi S.a.s.;347 5820193;IT09876543210\n"
BULGARIAN_CSV = "Име,Фамилия,Фирма,Телефон\nИван,Петров,Алфа ЕООД,0888 723 451\nМария,Иванова,Бета ООД,02/981 43 72\n" \
                "Георги,Цветков,Гама АД,0887 614 392\n"
INDONESIAN_JSONL = ('{"nama": "Budi Santoso", "no_hp": "0812-4719-3820"}\n'
                    '{"nama": "Siti\n'
                    '{"nama": "Siti Rahayu", "perusahaan": "PT Maju Jaya"}\n')
UK_ROWS = [["Full Name", "Company", "Mobile"], ["Ann Lee", "Acme Ltd", 447481730592]]


# ================================================================ collect_inputs
def test_folders_are_expanded_skipping_meta_and_hidden_entries(tmp_path):
    inbox = write(tmp_path / "inbox", {
        "fiera.csv": b"x\n1\n",
        "sub/webinar.jsonl": b'{"a": 1}\n',
        "Export.XLSX": b"PK",                 # suffix checked case-insensitively
        "_meta/manifest.csv": b"x\n",
        "sub/_archive/old.csv": b"x\n",
        "_notes.csv": b"x\n",
        ".hidden/secret.csv": b"x\n",
        ".DS_Store": b"\x00",
    })
    files, rejected = collect_inputs([inbox])
    assert sorted(p.name for p in files) == ["Export.XLSX", "fiera.csv", "webinar.jsonl"]
    assert rejected == []


UNSUPPORTED = [
    ("leggimi.md", ".md"), ("lista.xls", ".xls"), ("contatti.vcf", ".vcf"), ("Makefile", "(none)"),
    ("lista.csv.zip", ".zip"),
]


@pytest.mark.parametrize("name, suffix", UNSUPPORTED)
def test_unsupported_file_types_are_rejected(tmp_path, name, suffix):
    inbox = write(tmp_path / "inbox", {name: b"x", "ok.csv": b"x\n1\n"})
    files, rejected = collect_inputs([inbox])
    assert [p.name for p in files] == ["ok.csv"]
    assert rejected == [{"file": name, "reason": f"unsupported file type {suffix}; "
                                                 "use csv, tsv, txt, xlsx, parquet, json or jsonl"}]


def test_same_file_name_in_two_folders_is_rejected_once(tmp_path):
    write(tmp_path, {"milano/contatti.csv": b"a\n1\n", "roma/contatti.csv": b"a\n2\n"})
    files, rejected = collect_inputs([tmp_path / "milano", tmp_path / "roma"])
    assert files == [tmp_path / "milano" / "contatti.csv"]
    assert rejected == [{"file": "contatti.csv", "reason": "another input is also named contatti.csv; rename one"}]


def test_missing_input_is_rejected(tmp_path):
    files, rejected = collect_inputs([tmp_path / "nowhere.csv"])
    assert (files, rejected) == ([], [{"file": "nowhere.csv", "reason": "no such file or folder"}])


# ================================================================ infer_country
COUNTRY_CASES = [
    pytest.param(["Name", "Telefono", "Paese"], [["a", "1", "Italia"], ["b", "2", "Italy"], ["c", "3", "Bulgaria"]],
                 ("IT", "country column"), id="country column majority"),
    pytest.param(["Име", "Държава"], [["a", "България"], ["b", "BG"], ["c", "Narnia"]],
                 ("BG", "country column"), id="country column, unknown values ignored"),
    pytest.param(["Name", "Phone"], [["a", "+39 02 4871 5093"], ["b", "0039 347 5820193"], ["c", "+39 347 5820195"],
                                     ["d", "+44 20 7946 0018"]],
                 ("IT", "phone prefixes"), id="phone prefixes beat English headers"),
    pytest.param(["Nome", "Telefono", "Cellulare"], [["a", "+359 2 981 4372", ""], ["b", "", "+359 888 723 451"],
                                                     ["c", "+359 888 723 452", ""]],
                 ("BG", "phone prefixes"), id="phone and mobile columns counted together"),
    pytest.param(["Name", "Phone"], [["a", "+39 02 4871 5093"], ["b", "0039 347 5820193"]],
                 ("GB", "header language (en)"), id="too few prefixed phones: header language"),
    pytest.param(["Nama", "No HP"], [["Budi", "0812-4719-3820"]], ("ID", "header language (id)"),
                 id="Indonesian headers"),
    pytest.param(["Име", "Телефон"], [["Иван", "0888 723 451"]], ("BG", "header language (bg)"),
                 id="Bulgarian headers"),
    pytest.param(["Nome", "Cognome"], [], ("IT", "header language (it)"), id="no records"),
    pytest.param(["Email", "Partita IVA"], [["a@b.it", "x"]], (None, "unknown: phones must carry their country code"),
                 id="nothing to go on"),
    # numbers written the national way: the numbering plan that reads them, over the header language's guess
    pytest.param(["name", "addr", "phone"], [["arts delicatessen", "12224 ventura blvd.", "818/762-1221"],
                                             ["asahi ramen", "2027 sawtelle blvd.", "310-479-2231"],
                                             ["bel-air hotel", "701 stone canyon rd.", "310/472-1211"]],
                 ("US", "national phone numbering"), id="Fodors-Zagat: American numbers under English headers"),
    pytest.param(["Name", "Phone"], [["a", "02 9876 5432"], ["b", "0412 345 678"], ["c", "(03) 9654 3210"]],
                 ("AU", "national phone numbering"), id="Australian numbers"),
    pytest.param(["Name", "Phone"], [["a", "020 7946 0018"], ["b", "07700 900123"], ["c", "0161 496 0000"]],
                 ("GB", "national phone numbering"), id="British numbers"),
    # a phone book's junk (123456789 is a valid Paris number) does not make British numbers French
    pytest.param(["Name", "Phone"], [["a", "020 7946 0018"], ["b", "123456789"], ["c", "0161 496 0000"],
                                     ["d", "987654321"], ["e", "01865 270000"]],
                 ("GB", "national phone numbering"), id="British numbers among junk"),
    pytest.param(["Nome", "Telefono"], [["a", "02 4871 5093"], ["b", "06 5599 9958"], ["c", "0559602744"]],
                 ("IT", "header language (it)"), id="Italian headers: Italy, whatever the numbers"),
]


@pytest.mark.parametrize("headers, records, expected", COUNTRY_CASES)
def test_infer_country(headers, records, expected):
    assert country_of(headers, records) == expected


# ================================================================ ingest
@pytest.fixture
def inbox(tmp_path) -> Path:
    return write(tmp_path / "inbox", {
        "fiera_milano.csv": ITALIAN_CSV.encode("utf-8"),
        "sofia.csv": BULGARIAN_CSV.encode("cp1251"),
        "jakarta.jsonl": INDONESIAN_JSONL.encode("utf-8"),
        "london.xlsx": xlsx_bytes(UK_ROWS),
        "vuoto.csv": b"",
        "lista.xlsx": ITALIAN_CSV.encode("utf-8"),
        "random.csv": bytes((i * 97 + 13) % 32 for i in range(2048)),
        "leggimi.md": b"# note\n",
        "_meta/manifest.csv": b"file\nfiera_milano.csv\n",
    })


def test_ingest_reads_good_files_and_rejects_bad_ones_with_reasons(inbox):
    result = ingest([inbox])
    reasons = {r["file"]: r["reason"] for r in result.rejected}
    assert set(reasons) == {"vuoto.csv", "lista.xlsx", "random.csv", "leggimi.md"}
    assert reasons["vuoto.csv"] == "empty file"
    assert "not an Excel workbook" in reasons["lista.xlsx"]
    assert "binary content" in reasons["random.csv"]
    assert reasons["leggimi.md"].startswith("unsupported file type .md")
    counts = {name: len(rows) for name, rows in rows_by_file(result).items()}
    assert counts == {"fiera_milano.csv": 2, "sofia.csv": 3, "jakarta.jsonl": 3, "london.xlsx": 1}


def test_source_row_is_one_based_per_file(inbox):
    for name, rows in rows_by_file(ingest([inbox])).items():
        assert [r["source_row"] for r in rows] == list(range(1, len(rows) + 1)), name


def test_each_file_gets_its_default_country(inbox):
    result = ingest([inbox])
    assert {s["source_file"]: (s["default_country"], s["country_basis"]) for s in result.sources} == {
        "fiera_milano.csv": ("IT", "header language (it)"),
        "sofia.csv": ("BG", "header language (bg)"),
        "jakarta.jsonl": ("ID", "header language (id)"),
        "london.xlsx": ("GB", "header language (en)"),
    }
    assert {r["source_file"]: r["country_default"] for r in result.rows.to_pylist()} == {
        "fiera_milano.csv": "IT", "sofia.csv": "BG", "jakarta.jsonl": "ID", "london.xlsx": "GB"}


def test_values_land_in_canonical_columns(inbox):
    rows = rows_by_file(ingest([inbox]))
    mario = rows["fiera_milano.csv"][0]
    assert (mario["first_name"], mario["last_name"], mario["company"], mario["phone"]) == (
        "Mario", "Rossi", "Rossi S.r.l.", "02 4871 5093")
    assert json.loads(mario["extras"]) == {"Partita IVA": "IT01234567890"}
    ivan = rows["sofia.csv"][0]
    assert (ivan["first_name"], ivan["last_name"], ivan["company"], ivan["phone"]) == (
        "Иван", "Петров", "Алфа ЕООД", "0888 723 451")
    ann = rows["london.xlsx"][0]
    assert (ann["full_name"], ann["company"], ann["mobile"]) == ("Ann Lee", "Acme Ltd", "447481730592")


def test_broken_json_line_is_a_row_with_its_problem(inbox):
    budi, broken, siti = rows_by_file(ingest([inbox]))["jakarta.jsonl"]
    assert (budi["full_name"], budi["mobile"], budi["row_problem"]) == ("Budi Santoso", "0812-4719-3820", None)
    assert broken["source_row"] == 2 and broken["row_problem"].startswith("invalid JSON")
    assert json.loads(broken["extras"]) == {"_raw": '{"nama": "Siti'}
    assert (siti["full_name"], siti["company"]) == ("Siti Rahayu", "PT Maju Jaya")


def test_ragged_rows_keep_their_overflow_and_problem(tmp_path):
    folder = write(tmp_path / "in", {"ragged.csv": (
        b"Nome;Cognome;Ragione Sociale;Telefono\nAnna;Verdi\nPaolo;Neri;Neri SNC;335 7720 194;extra\n")})
    first, second = ingest([folder]).rows.to_pylist()
    assert (first["first_name"], first["company"], first["row_problem"]) == (
        "Anna", None, "ragged row: 2 fields, header has 4")
    assert json.loads(second["extras"]) == {"column_5": "extra"}


def test_sources_file_overrides_country_and_describes_the_source(tmp_path, inbox):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - file: london.xlsx\n    country: Italia\n    source: fiera\n"
                       "    kind: event\n    cost_per_lead: 2.5\n", encoding="utf-8")
    result = ingest([inbox], sources)
    london = next(s for s in result.sources if s["source_file"] == "london.xlsx")
    assert (london["default_country"], london["country_basis"], london["source"], london["kind"],
            london["cost_per_lead"]) == ("IT", "--sources", "fiera", "event", 2.5)


def test_empty_folder_gives_no_rows(tmp_path):
    (tmp_path / "in").mkdir()
    result = ingest([tmp_path / "in"])
    assert (result.rows.num_rows, result.sources, result.rejected) == (0, [], [])


def test_damaged_xlsx_is_rejected_and_the_rest_still_read(tmp_path):
    folder = write(tmp_path / "in", {"fiera_milano.csv": ITALIAN_CSV.encode(), "damaged.xlsx": damaged_xlsx(UK_ROWS)})
    result = ingest([folder])
    assert [r["file"] for r in result.rejected] == ["damaged.xlsx"]
    assert result.rows.num_rows == 2


# ---------------------------------------------------------------- rows straight into the store, piece by piece
def test_rows_go_to_the_store_piece_by_piece_and_a_file_failing_part_way_leaves_none(tmp_path, monkeypatch):
    import duckdb

    from transforms.ingest import lists as ingest_module
    from transforms.ingest import readers
    from transforms.ingest.lists import RawRows

    inbox = write(tmp_path / "in", {
        "sofia.csv": "Име,Фамилия,Телефон\nИван,Петров,0888 723 451\nМария,Иванова,0887 112 233\n"
                     "Георги,Димитров,0889 445 566\n".encode("cp1251"),
        "milano.csv": b"nome,cognome\nGiulia,Bianchi\nMarco,Esposito\nLuca,Romano\n",
    })

    def pieces_then_failure(path, raw=None, piece_rows=readers.PIECE_ROWS):
        chunks = readers.read_pieces(path, raw, piece_rows=1)
        if path.name != "milano.csv":
            return chunks

        def failing():
            yield next(chunks)
            raise MemoryError("the disk vanished")  # whatever breaks after the first piece
        return failing()

    monkeypatch.setattr(ingest_module, "read_pieces", pieces_then_failure)
    con = duckdb.connect()
    sink = RawRows(con)
    appended = []
    monkeypatch.setattr(sink, "append", lambda rows: appended.append(rows.num_rows) or RawRows.append(sink, rows))
    result = ingest([inbox], sink=sink)
    assert result.rows is None and result.rows_in == 3
    assert appended == [1, 1, 1, 1]  # three pieces of Sofia, one of Milano before it failed
    assert result.rejected == [{"file": "milano.csv", "reason": "could not be read (MemoryError)"}]
    assert con.execute("select source_file, source_row, first_name from raw_rows order by 2").fetchall() == [
        ("sofia.csv", 1, "Иван"), ("sofia.csv", 2, "Мария"), ("sofia.csv", 3, "Георги")]


def test_lookups_built_piece_by_piece_equal_one_piece():
    import duckdb

    from transforms.stage import staging

    con = duckdb.connect()
    con.execute("create table raw_rows as select * from (values ('Rossi S.p.A.'), ('ООД „Алфа“'), "
                "('PT Maju Jaya Tbk'), ('rossi spa'), (null)) t(company)")
    query = "select distinct company from raw_rows where company is not null"
    columns = [("raw", "VARCHAR"), ("company", "VARCHAR"), ("legal_form", "VARCHAR"), ("company_key", "VARCHAR")]
    assert staging.build_lookup(con, "whole", query, staging.company_row, columns) == 4
    assert staging.build_lookup(con, "pieces", query, staging.company_row, columns, chunk_values=1) == 4
    assert con.execute("select * from whole order by raw").fetchall() == \
        con.execute("select * from pieces order by raw").fetchall()


# ---------------------------------------------------------------- address parts
ADDRESS_FILES = [
    pytest.param("rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state\n"
                 "rec-1-org,sarah,bruhn,12,wylly place,pine ridge,toowoomba,4350,qld\n",
                 "12 wylly place pine ridge", "toowoomba", {"rec_id": "rec-1-org"}, id="FEBRL"),
    pytest.param("Name,Address line 2,Street number,Street,City,Suburb\nAnn Lee,Flat 4,221,Baker Street,London,"
                 "Marylebone\n", "221 Baker Street Flat 4", "London", {"Suburb": "Marylebone"},
                 id="line 2 goes last; the suburb beside a city is an extra"),
    pytest.param("Nome;Via;Numero civico;Comune\nAnna;Via Roma;12;Milano\n", "Via Roma 12", "Milano", None,
                 id="IT number after the street, as the file writes it"),
    pytest.param("Name,Street,Address 2,City\nBob Ray,10 High St,,Leeds\n", "10 High St", "Leeds", None,
                 id="an empty part leaves no gap"),
]


@pytest.mark.parametrize("text, address, city, extras", ADDRESS_FILES)
def test_address_parts_are_joined_and_the_rest_kept(tmp_path, text, address, city, extras):
    row, = ingest([write(tmp_path / "in", {"list.csv": text.encode()})]).rows.to_pylist()
    assert (row["address"], row["city"]) == (address, city)
    assert (json.loads(row["extras"]) if row["extras"] else None) == extras


# ---------------------------------------------------------------- limits
def test_a_cell_over_the_limit_is_cut_and_its_row_says_why(tmp_path):
    from transforms.ingest.readers import MAX_FIELD_CHARS

    inbox = write(tmp_path / "in", {"fiera_milano.csv": (
        "Nome,Cognome,Telefono,Note,Commento interno\n"
        "Giulia,Bianchi,347 581 2233,richiamare a marzo,\n"
        f"Marco,Esposito,348 112 9087,{'x' * (MAX_FIELD_CHARS + 1)},\n"
        f"Иван,Петров,+359 888 723 451,,{'я' * 40_000}\n").encode()})
    rows = ingest([inbox]).rows.to_pylist()
    assert rows[0]["row_problem"] is None and rows[0]["notes"] == "richiamare a marzo"
    assert len(rows[1]["notes"]) == MAX_FIELD_CHARS
    assert rows[1]["row_problem"].startswith(f"field too long: notes ({MAX_FIELD_CHARS + 1:,} characters)")
    assert rows[2]["row_problem"].startswith("field too long: Commento interno (40,000 characters)")
    assert len(json.loads(rows[2]["extras"])["Commento interno"]) == MAX_FIELD_CHARS
