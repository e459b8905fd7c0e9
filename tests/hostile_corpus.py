"""A corpus of broken and hostile input files, the kinds purchased lists really arrive as.

`write_corpus(folder)` writes them and returns {file name: expected outcome}: "rejected" for
files that cannot be read at all, else the number of data records the file holds.
"""
from __future__ import annotations

import io
import json
import os
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HEADER = "Nome;Cognome;Ragione Sociale;Telefono;E-mail\n"
ROW = "Mario;Rossi;Rossi S.r.l.;02 4871 5093;mario.rossi@rossisrl.it\n"
PAYLOADS = ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\tTAB", "\rCR"]


def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["First Name", "Last Name", "Phone"])
    sheet.append(["Ann", "Lee", 447911123456])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _odd(content: bytes) -> bytes:
    """Single-byte-encoded files get an odd length: shared/tools/check_contract.py tries UTF-16 before
    code pages, so an even-length cp125x file would be miscounted there (a trailing newline is no record)."""
    return content + b"\n" if len(content) % 2 == 0 else content


def write_corpus(folder: Path) -> dict[str, object]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(5)
    files: dict[str, tuple[bytes, object]] = {
        "empty.csv": (b"", "rejected"),
        "header_only.csv": (HEADER.encode(), 0),
        "random_bytes.csv": (bytes(rng.randrange(256) for _ in range(4096)), "rejected"),
        "truncated.xlsx": (_xlsx_bytes()[:700], "rejected"),
        "csv_named.xlsx": ((HEADER + ROW).encode(), "rejected"),
        "utf16_tabs.txt": ("Name\tPhone\tEmail\nИван Петров\t0888 723 451\tivan@abv.bg\n".encode("utf-16"), 1),
        "mixed_encodings.csv": (HEADER.encode() + "Niccolò;Bianchi;Bianchi SpA;347 5820193;n@b.it\n".encode()
                                + "Lucà;Verdi;Verdi Srl;347 5820195;l@v.it\n".encode("cp1252"), 2),
        "nul_bytes.csv": ((HEADER + ROW).encode().replace(b"Rossi S", b"Rossi\x00 S"), 1),
        "ragged.csv": ((HEADER + "Anna;Verdi\n" + "Paolo;Neri;Neri SNC;335 7720 194;p@n.it;extra;more\n").encode(), 2),
        "big_cell.csv": ((HEADER + "Mario;Rossi;" + "X" * 5_000_000 + ";02 4871 5093;m@r.it\n").encode(), 1),
        "wide.csv": ((",".join(["Name", "Email"] + [f"c{i}" for i in range(498)]) + "\n"
                      + ",".join(["Ann Lee", "ann@lee.co.uk"] + ["v"] * 498) + "\n").encode(), 1),
        "duplicate_headers.csv": (b"Name,Name,Phone,Phone\nAnn Lee,A. Lee,020 7946 0018,07911 123457\n", 1),
        "broken_line.jsonl": (b'{"name": "Ann Lee", "email": "ann@lee.co.uk"}\n{"name": "Bob\n'
                              b'{"name": "Cy Ko", "phone": "+44 20 7946 0019"}\n', 3),
        "array.json": (json.dumps([{"full_name": "Budi Santoso", "phone": "0812-4719-3820"},
                                   {"full_name": "Siti Aminah", "contact": {"email": "siti@maju.co.id"}}]).encode(), 2),
        "quotes_newlines.csv": (b'Name,Notes\n"Ann ""The Boss"" Lee","line one\nline two"\n"Bo, Lee","x"\n', 2),
        "only_delimiters.csv": ((HEADER + ";;;;\n;;;;\n" + ROW).encode(), 3),
        "formulas.csv": ((";".join(["Nome", "Cognome", "Ragione Sociale", "Telefono", "E-mail", "Note"]) + "\n"
                          + "\n".join(";".join(f'"{p}"' for p in PAYLOADS) for _ in range(2)) + "\n").encode(), 2),
        "cp1251.csv": ("Име,Фамилия,Телефон\nМария,Петрова,0887 614 392\n".encode("cp1251"), 1),
        "bom.csv": ("\ufeffFirst Name,Last Name,Email\nJoe,Bloggs,joe@bloggs.co.uk\n".encode(), 1),
        "corrupt.parquet": (b"PAR1" + os.urandom(64), "rejected"),
        "notes.docx": (b"PK\x03\x04 not a list", "rejected"),
        "blank_lines.tsv": (b"Name\tPhone\n\n\nAnn Lee\t020 7946 0020\n\n", 1),
    }
    expected: dict[str, object] = {}
    for name, (content, outcome) in files.items():
        (folder / name).write_bytes(_odd(content) if name in ("mixed_encodings.csv", "cp1251.csv") else content)
        expected[name] = outcome
    table = pa.table({"nama_lengkap": ["Budi Santoso"], "no_hp": ["0812-4719-3821"]})
    pq.write_table(table, folder / "good.parquet")
    expected["good.parquet"] = 1
    return expected
