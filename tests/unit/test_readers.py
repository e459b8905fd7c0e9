"""Readers: real files written in the encodings and formats lead lists arrive in.

Every file is written to tmp_path with the bytes a user's tool would produce (cp1252 from Italian
Excel, cp1251 from Bulgarian Windows, UTF-16 from "Unicode text" exports, openpyxl workbooks ...).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import struct
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from transforms.ingest import readers
from transforms.ingest.readers import Table, UnreadableFile, decode_text, read_table
from transforms.stage.normalise import normalise_phone


def bug(reason: str):
    return pytest.mark.xfail(reason=f"BUG: {reason}", strict=True)


def read(tmp_path: Path, name: str, data: bytes) -> Table:
    path = tmp_path / name
    path.write_bytes(data)
    return read_table(path)


def column(table: Table, header: str) -> list[str]:
    index = table.header.index(header)
    return [record[index] for record in table.records]


def xlsx_bytes(*sheets: tuple[str, list[list]]) -> bytes:
    """A workbook with the given (title, rows) sheets, saved by openpyxl as Excel would."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def corrupt_zip_member(raw: bytes, member: str) -> bytes:
    """Damage one member's deflate stream (as a bad download or disk would) and leave the rest intact."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        offset = archive.getinfo(member).header_offset
    data = bytearray(raw)
    name_len, extra_len = struct.unpack("<HH", data[offset + 26:offset + 30])
    data[offset + 30 + name_len + extra_len] = 0xFF  # a deflate block of the reserved type
    return bytes(data)


def parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


ITALIAN = ("Nome;Cognome;Ragione Sociale;Città;Telefono\n"
           "Niccolò;Bianchi;Caffè Società S.r.l.;Forlì;02 4871 5093\n"
           "Lucà;Verdi;Perché Srl;Cantù;347 5820193\n")
BULGARIAN = ("Име,Фамилия,Фирма,Телефон\n"
             "Иван,Петров,Алфа ЕООД,0888 723 451\n"
             "Мария,Иванова,Бета ООД,02/981 43 72\n")
CONTACTS = [
    ["Nome", "Cognome", "Telefono", "Cellulare", "Iscritto il"],
    ["Mario", "Rossi", 390248715093, 3475820193, dt.datetime(2025, 3, 1)],
    [None, None, None, None, None],
    ["Anna", "Verdi", 248715093, 393475820193.0, dt.date(2025, 1, 2)],
]


# ================================================================ encodings
def test_cp1252_italian_semicolon_csv_keeps_its_shape(tmp_path):
    table = read(tmp_path, "fiera_milano.csv", ITALIAN.encode("cp1252"))
    assert table.delimiter == ";"
    assert len(table.records) == 2 and not table.problems
    assert column(table, "Telefono") == ["02 4871 5093", "347 5820193"]


def test_cp1252_italian_semicolon_csv_keeps_its_accents(tmp_path):
    table = read(tmp_path, "fiera_milano.csv", ITALIAN.encode("cp1252"))
    assert table.encoding == "cp1252"
    assert table.header[3] == "Città"
    assert column(table, "Nome") == ["Niccolò", "Lucà"]
    assert column(table, "Ragione Sociale") == ["Caffè Società S.r.l.", "Perché Srl"]


def test_cp1251_bulgarian_csv(tmp_path):
    table = read(tmp_path, "sofia.csv", BULGARIAN.encode("cp1251"))
    assert table.encoding == "cp1251" and table.delimiter == ","
    assert table.header == ["Име", "Фамилия", "Фирма", "Телефон"]
    assert table.records == [["Иван", "Петров", "Алфа ЕООД", "0888 723 451"],
                             ["Мария", "Иванова", "Бета ООД", "02/981 43 72"]]


def test_utf8_with_bom_tab_separated(tmp_path):
    data = "\ufeffNama\tPerusahaan\tNo HP\nBudi Santoso\tPT Maju Jaya\t0812-4719-3820\n".encode("utf-8")
    table = read(tmp_path, "jakarta.tsv", data)
    assert (table.encoding, table.delimiter) == ("utf-8-sig", "\t")
    assert table.header == ["Nama", "Perusahaan", "No HP"]  # no BOM glued to the first header
    assert table.records == [["Budi Santoso", "PT Maju Jaya", "0812-4719-3820"]]


UTF16 = "Name\tPhone\tEmail\nИван Петров\t0888 723 451\tivan@abv.bg\nNiccolò Bianchi\t347 5820193\tn@b.it\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_tabs(tmp_path, codec):
    """Excel's 'Unicode text' export: UTF-16 with tabs, with or without a byte-order mark."""
    table = read(tmp_path, "export.txt", UTF16.encode(codec))
    assert table.delimiter == "\t"
    assert table.header == ["Name", "Phone", "Email"]
    assert column(table, "Name") == ["Иван Петров", "Niccolò Bianchi"]


MIXED = [
    pytest.param("Име;Фамилия;Телефон\n", "Иван;Петров;0888 723 451\n", "Мария;Иванова;0888 723 452\n", "cp1251",
                 ["Иван", "Мария"], id="UTF-8 + cp1251"),
    pytest.param("Nome;Cognome;Telefono\n", "Niccolò;Bianchi;347 5820193\n", "Lucà;Cantù;347 5820195\n", "cp1252",
                 ["Niccolò", "Lucà"], id="UTF-8 + cp1252"),
]


@pytest.mark.parametrize("header, utf8_line, legacy_line, codepage, names", MIXED)
def test_lists_pasted_together_from_two_encodings(tmp_path, header, utf8_line, legacy_line, codepage, names):
    data = header.encode() + utf8_line.encode() + legacy_line.encode(codepage)
    table = read(tmp_path, "pasted.csv", data)
    assert table.encoding.startswith("utf-8+")
    assert [record[0] for record in table.records] == names


def test_utf8_lines_survive_next_to_cp1252_lines(tmp_path):
    data = b"Nome;Cognome\n" + "Niccolò;Bianchi\n".encode() + "Lucà;Verdi\n".encode("cp1252")
    table = read(tmp_path, "pasted.csv", data)
    assert table.records[0] == ["Niccolò", "Bianchi"]
    assert table.records[1][1] == "Verdi"


def test_nul_bytes_are_dropped(tmp_path):
    data = b"Nome;Cognome;Ragione Sociale\nMario;Rossi;Rossi\x00 S.r.l.\n"
    table = read(tmp_path, "nul.csv", data)
    assert table.records == [["Mario", "Rossi", "Rossi S.r.l."]]


# ================================================================ CSV structure
def test_ragged_rows_are_kept_and_noted(tmp_path):
    data = (b"Nome;Cognome;Ragione Sociale;Telefono;E-mail\n"
            b"Anna;Verdi\n"
            b"Paolo;Neri;Neri SNC;335 7720 194;p@neri.it;extra;more\n"
            b"Mario;Rossi;Rossi Srl;02 4871 5093;m@rossi.it\n")
    table = read(tmp_path, "ragged.csv", data)
    assert table.records == [["Anna", "Verdi"],
                             ["Paolo", "Neri", "Neri SNC", "335 7720 194", "p@neri.it", "extra", "more"],
                             ["Mario", "Rossi", "Rossi Srl", "02 4871 5093", "m@rossi.it"]]
    assert table.problems == {0: "ragged row: 2 fields, header has 5", 1: "ragged row: 7 fields, header has 5"}


BLANK_LINES = [
    pytest.param(b"Name,Email\n\nAnn Lee,ann@lee.co.uk\n\n\nBob Ray,bob@ray.co.uk\n\n", id="comma, LF"),
    pytest.param(b"Name\tEmail\r\n\r\nAnn Lee\tann@lee.co.uk\r\n\r\nBob Ray\tbob@ray.co.uk\r\n", id="tab, CRLF"),
    pytest.param(b"\n\nName;Email\nAnn Lee;ann@lee.co.uk\nBob Ray;bob@ray.co.uk",
                 id="leading blanks, no final newline"),
]


@pytest.mark.parametrize("data", BLANK_LINES)
def test_blank_lines_are_not_records(tmp_path, data):
    table = read(tmp_path, "blank.csv", data)
    assert table.header == ["Name", "Email"]
    assert [r[0] for r in table.records] == ["Ann Lee", "Bob Ray"]


def test_quoted_cells_with_quotes_newlines_and_delimiters(tmp_path):
    data = ('Nome;Note;Telefono\n'
            '"Rossi, Mario";"Ha detto ""sì"";\nrichiamare lunedì";02 4871 5093\n'
            'Anna Verdi;ok;347 5820193\n').encode()
    table = read(tmp_path, "quotes.csv", data)
    assert table.delimiter == ";"
    assert table.records == [["Rossi, Mario", 'Ha detto "sì";\nrichiamare lunedì', "02 4871 5093"],
                             ["Anna Verdi", "ok", "347 5820193"]]


SNIFFED = [
    pytest.param("Nome;Ragione Sociale;Note\nMario;Rossi, Bianchi & C. S.n.c.;richiamare, dopo le 15\n", ";",
                 id="semicolon file with commas in cells"),
    pytest.param('Name,Company,Address\n"Ann Lee","Lee; Sons Ltd","1 High St; London"\n', ",",
                 id="comma file with semicolons in quoted cells"),
    pytest.param("Name|Phone\nAnn Lee|020 7946 0018\n", "|", id="pipe"),
    pytest.param("Email\nm@rossi.it\nann@lee.co.uk\n", ",", id="single column"),
    pytest.param("Business Name\tPhone\tNotes\n"
                 + "".join(f"Firm {i}\t020 7946 00{i:02d}\tok\n" for i in range(10))
                 + '=HYPERLINK("http://bit.ly/x","Click here")\t000\tx\n', "\t",
                 id="tab file with a formula holding a comma"),
]


@pytest.mark.parametrize("text, delimiter", SNIFFED)
def test_delimiter_is_sniffed(tmp_path, text, delimiter):
    table = read(tmp_path, "list.csv", text.encode())
    assert table.delimiter == delimiter
    assert all(len(r) == len(table.header) for r in table.records)


def test_header_only_file_has_no_records(tmp_path):
    table = read(tmp_path, "header_only.csv", b"Nome;Cognome;Telefono\n")
    assert (table.header, table.records) == (["Nome", "Cognome", "Telefono"], [])


# ================================================================ spreadsheets
def test_xlsx_numbers_come_back_as_dialable_text(tmp_path):
    """Phones typed into Excel are stored as numbers; nothing we can restore is lost on the way."""
    table = read(tmp_path, "contatti.xlsx", xlsx_bytes(("Contatti", CONTACTS)))
    assert column(table, "Telefono") == ["390248715093", "248715093"]
    assert column(table, "Cellulare") == ["3475820193", "393475820193"]
    phones = [normalise_phone(v, "IT").e164 for v in column(table, "Telefono") + column(table, "Cellulare")]
    assert phones == ["+390248715093", "+390248715093", "+393475820193", "+393475820193"]


def test_xlsx_dates_become_iso_dates(tmp_path):
    table = read(tmp_path, "contatti.xlsx", xlsx_bytes(("Contatti", CONTACTS)))
    assert column(table, "Iscritto il") == ["2025-03-01", "2025-01-02"]


def test_xlsx_first_sheet_with_data_is_used_and_empty_rows_skipped(tmp_path):
    raw = xlsx_bytes(("Istruzioni", []), ("Contatti", CONTACTS), ("Altro", [["x"], ["y"]]))
    table = read(tmp_path, "contatti.xlsx", raw)
    assert table.header == CONTACTS[0]
    assert [r[0] for r in table.records] == ["Mario", "Anna"]
    assert table.encoding == "xlsx"


def test_xlsx_without_data_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="no sheet with data"):
        read(tmp_path, "vuoto.xlsx", xlsx_bytes(("Foglio1", []), ("Foglio2", [[None, None]])))


@pytest.mark.parametrize("keep", [100, 700, 2000, 0.5])
def test_truncated_xlsx_is_unreadable(tmp_path, keep):
    raw = xlsx_bytes(("Contatti", CONTACTS))
    cut = int(len(raw) * keep) if isinstance(keep, float) else keep
    with pytest.raises(UnreadableFile, match="corrupt or truncated"):
        read(tmp_path, "download.xlsx", raw[:cut])


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_xlsx_with_damaged_member_is_unreadable(tmp_path, member):
    raw = corrupt_zip_member(xlsx_bytes(("Contatti", CONTACTS)), member)
    with pytest.raises(UnreadableFile):
        read(tmp_path, "damaged.xlsx", raw)


def test_csv_content_named_xlsx_is_unreadable_with_advice(tmp_path):
    with pytest.raises(UnreadableFile, match=r"not an Excel workbook.*rename a CSV to \.csv"):
        read(tmp_path, "lista.xlsx", ITALIAN.encode("utf-8"))


def test_xlsx_named_csv_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="binary file"):
        read(tmp_path, "lista.csv", xlsx_bytes(("Contatti", CONTACTS)))


def test_old_xls_named_csv_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="binary file"):
        read(tmp_path, "lista.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def test_random_bytes_named_csv_is_unreadable(tmp_path):
    import random

    rng = random.Random(5)
    with pytest.raises(UnreadableFile, match="binary content"):
        read(tmp_path, "random.csv", bytes(rng.randrange(256) for _ in range(4096)))


@pytest.mark.parametrize("data", [b"", b"   \r\n\t", b"\x00\x00\n"], ids=["empty", "whitespace", "NULs"])
@pytest.mark.parametrize("name", ["empty.csv", "empty.xlsx", "empty.jsonl", "empty.parquet"])
def test_empty_file_is_unreadable(tmp_path, name, data):
    with pytest.raises(UnreadableFile, match="empty file"):
        read(tmp_path, name, data)


def test_first_row_of_only_delimiters_is_no_header(tmp_path):
    with pytest.raises(UnreadableFile, match="header row"):
        read(tmp_path, "no_header.csv", b";;;\nMario;Rossi;x;y\n")


# ================================================================ parquet
def test_parquet_values_become_text(tmp_path):
    table = pa.table({"nama_lengkap": ["Budi Santoso", "Siti Rahayu"], "no_hp": ["0812-4719-3820", None],
                      "karyawan": [12, None], "skor": [1.5, 2.0]})
    result = read(tmp_path, "jakarta.parquet", parquet_bytes(table))
    assert result.header == ["nama_lengkap", "no_hp", "karyawan", "skor"]
    assert result.records == [["Budi Santoso", "0812-4719-3820", "12", "1.5"], ["Siti Rahayu", "", "", "2"]]


def test_corrupt_parquet_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="corrupt Parquet"):
        read(tmp_path, "broken.parquet", b"PAR1" + bytes(range(64)) + b"PAR1")


def test_parquet_named_csv_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="binary file"):
        read(tmp_path, "jakarta.csv", parquet_bytes(pa.table({"a": ["b"]})))


# ================================================================ JSON and JSON Lines
def test_json_lines_with_one_broken_line(tmp_path):
    data = (b'{"name": "Ann Lee", "email": "ann@lee.co.uk"}\n'
            b'{"name": "Bob\n'
            b'\n'
            b'{"name": "Cy Ko", "phone": "+44 20 7946 0019"}\n')
    table = read(tmp_path, "leads.jsonl", data)
    assert table.header == ["name", "email", "phone", "_raw"]
    assert table.records == [["Ann Lee", "ann@lee.co.uk", "", ""],
                             ["", "", "", '{"name": "Bob'],
                             ["Cy Ko", "", "+44 20 7946 0019", ""]]
    assert list(table.problems) == [1] and table.problems[1].startswith("invalid JSON")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**80, max_value=2**80) | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)


@given(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=5))
def test_a_json_line_reads_as_the_json_module_reads_it(obj):
    """Lines are parsed by orjson, by the json module where orjson refuses (NaN) or would round (integers
    past 64 bits)."""
    line = json.dumps(obj, ensure_ascii=False)
    assert readers._flatten(readers._parse_line(line)) == readers._flatten(json.loads(line))


def test_a_broken_json_line_says_why_in_the_json_modules_words():
    assert readers._parse_line('{"name": "Bob') == "invalid JSON: Unterminated string starting at at column 10"
    parsed = readers._parse_line('{"n": NaN, "id": 123456789012345678901234567890}')
    assert str(parsed["n"]) == "nan" and parsed["id"] == 123456789012345678901234567890
    assert readers._parse_line('{"id": -9223372036854775809}') == {"id": -9223372036854775809}


def test_json_lines_with_no_valid_line_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="no line is valid JSON"):
        read(tmp_path, "leads.jsonl", b"name=Ann Lee\nname=Bob Ray\n")


def test_json_array_nested_objects_are_flattened(tmp_path):
    data = json.dumps([
        {"full_name": "Budi Santoso", "phone": "0812-4719-3820"},
        {"full_name": "Siti Rahayu", "company": {"name": "PT Maju Jaya", "city": "Jakarta"},
         "tags": ["fiera", "2025"], "vip": True, "employees": 40.0},
    ], ensure_ascii=False).encode()
    table = read(tmp_path, "leads.json", data)
    assert table.header == ["full_name", "phone", "company.name", "company.city", "tags", "vip", "employees", "_raw"]
    assert table.records[1] == ["Siti Rahayu", "", "PT Maju Jaya", "Jakarta", "fiera; 2025", "true", "40", ""]
    assert not table.problems


def test_json_array_items_that_are_not_objects_are_noted(tmp_path):
    table = read(tmp_path, "leads.json", b'[{"name": "Ann Lee"}, "Bob Ray", 42]')
    assert [r[-1] for r in table.records] == ["", '"Bob Ray"', "42"]
    assert table.problems == {1: "not a JSON object: str", 2: "not a JSON object: int"}


def test_broken_json_array_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="broken JSON array"):
        read(tmp_path, "leads.json", b'[{"name": "Ann Lee"}, {"name": ')


@pytest.mark.parametrize("name, data", [
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("deep.jsonl", b'{"name": "Ann Lee"}\n' + b"[" * 100_000 + b"]" * 100_000 + b"\n"),
])
def test_deeply_nested_json_never_escapes_as_another_error(tmp_path, name, data):
    with contextlib.suppress(UnreadableFile):
        read(tmp_path, name, data)


# ================================================================ decode_text directly
DECODED = [
    pytest.param("Città;Forlì\n".encode(), "Città;Forlì\n", "utf-8", id="utf-8"),
    pytest.param("\ufeffИме;Град\n".encode("utf-8"), "Име;Град\n", "utf-8-sig", id="utf-8 BOM"),
    pytest.param("Име;Град\n".encode("utf-16"), "Име;Град\n", "utf-16", id="utf-16 BOM"),
    pytest.param("Nama\tKota\n".encode("utf-16-le"), "Nama\tKota\n", "utf-16-le", id="utf-16-le no BOM"),
    pytest.param("Име;Фамилия;Фирма\nИван;Петров;Алфа ЕООД\n".encode("cp1251"),
                 "Име;Фамилия;Фирма\nИван;Петров;Алфа ЕООД\n", "cp1251", id="cp1251"),
]


@pytest.mark.parametrize("raw, text, encoding", DECODED)
def test_decode_text(raw, text, encoding):
    assert decode_text(raw) == (text, encoding)


# ---------------------------------------------------------------- reading big files in pieces
CHUNKED_CSV = ("nome;cognome;azienda;telefono\r\n"
               "Niccolò;Bianchi;Rossi S.r.l.;02 4008 4396\r\n"
               "\r\n"
               '"Anna\nMaria";Verdi;"Verdi & Figli S.n.c.";+39 333 374 4584\r\n'
               "Иван;Петров;Алфа ЕООД\r\n"
               "Budi;Santoso;PT Maju Jaya Tbk;0812-4719-3820;extra\r\n")
CHUNKED_JSONL = ('{"nama": "Budi Santoso", "perusahaan": "PT Maju Jaya", "telepon": "0812-4719-3820"}\n'
                 "{broken\n"
                 '{"nama": "Siti Rahayu", "kota": "Surabaya"}\r\n'
                 "\n"
                 '["not", "an", "object"]\n'
                 '{"nama": "Иван Петров", "адрес": {"град": "София"}}\n')


@pytest.mark.parametrize("name, data", [("list.csv", CHUNKED_CSV.encode("utf-8")),
                                        ("list.jsonl", CHUNKED_JSONL.encode("utf-8"))])
@pytest.mark.parametrize("chunk_rows", [1, 2, 3, 100])
def test_pieces_join_to_the_whole_table(tmp_path, name, data, chunk_rows):
    from transforms.ingest.readers import read_pieces

    whole = read(tmp_path, name, data)
    pieces = list(read_pieces(tmp_path / name, piece_rows=chunk_rows))
    assert all(p.header == whole.header for p in pieces)
    assert all(0 < len(p.records) <= chunk_rows for p in pieces)
    assert [r for p in pieces for r in p.records] == whole.records
    offsets = [sum(len(p.records) for p in pieces[:i]) for i in range(len(pieces))]
    assert {o + i: why for o, p in zip(offsets, pieces, strict=True) for i, why in p.problems.items()} == whole.problems
    assert whole.problems  # the ragged row / the broken line and the array are noted, not lost


def test_a_key_first_seen_in_a_late_piece_is_a_column_of_every_piece(tmp_path):
    from transforms.ingest.readers import read_pieces

    path = tmp_path / "late.jsonl"
    path.write_text('{"nama": "Budi"}\n{"nama": "Siti"}\n{"nama": "Ani", "email": "ani@contoh.co.id"}\n',
                    encoding="utf-8")
    first, *rest = read_pieces(path, piece_rows=1)
    assert first.header == ["nama", "email", "_raw"] and first.records == [["Budi", "", ""]]
    assert rest[-1].records == [["Ani", "ani@contoh.co.id", ""]]


def test_a_list_with_only_a_header_is_one_empty_piece(tmp_path):
    from transforms.ingest.readers import read_pieces

    path = tmp_path / "empty.csv"
    path.write_text("nome,cognome\n", encoding="utf-8")
    assert [(t.header, t.records) for t in read_pieces(path, piece_rows=5)] == [(["nome", "cognome"], [])]


def test_a_semicolon_register_with_a_comma_in_every_name_is_read_by_semicolons(tmp_path):
    # the second bench generator's public register written without quotes, as many registers are:
    # csv.Sniffer, over 64 KB of it, took it for a comma file of one column
    import csv as csv_module

    from bench.generate_people import generate_people

    generate_people(tmp_path / "lists", 5000, seed=5)  # a register of 633 rows that fooled csv.Sniffer
    with (tmp_path / "lists" / "uk_register.csv").open(encoding="cp1252", newline="") as fh:
        rows = list(csv_module.reader(fh, delimiter=";"))
    assert all("," in r[0] for r in rows[1:])  # "SURNAME, Forename"
    text = "\n".join(";".join(r) for r in rows) + "\n"
    table = read(tmp_path, "register.csv", text.encode("cp1252"))
    assert table.delimiter == ";" and table.header == rows[0] and len(table.records) == len(rows) - 1


@given(text=st.text(alphabet="ab;\r\n\u2028\x85", max_size=60), block=st.integers(1, 8))
def test_lines_are_split_at_cr_lf_and_crlf_only_whatever_the_block_size(text, block):
    before = readers.BLOCK_CHARS
    readers.BLOCK_CHARS = block
    try:
        assert list(readers.lines_of(text)) == list(io.StringIO(text, newline=""))
    finally:
        readers.BLOCK_CHARS = before


def test_a_workbook_that_would_expand_past_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    # a zip bomb: a sheet part of 64 MB of one repeated row compresses to well under a megabyte
    monkeypatch.setattr(readers, "MAX_XLSX_EXPANDED_MB", 16)
    row = b'<row><c t="inlineStr"><is><t>Mario Rossi</t></is></c></row>'
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(64 * 2**20 // (len(row) * 1024)):
                sheet.write(row * 1024)
    assert len(body.getvalue()) < 2**20
    with pytest.raises(UnreadableFile, match=r"the workbook expands to 6\d MB, over the 16 MB allowed"):
        read(tmp_path, "bomb.xlsx", body.getvalue())


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_MB", 1)
    with pytest.raises(UnreadableFile, match=r"2 MB is over the 1 MB a list may have"):
        read(tmp_path, "big.csv", b"name,phone\n" + b"Mario Rossi,+393471234567\n" * 80_000)
