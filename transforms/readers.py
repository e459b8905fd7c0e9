"""Read one input file into a header and text records, whatever its format and encoding.

Each reader returns a `Table`: the header, the records (lists of strings, aligned to the header
as far as the file allows) and per-record problems. A file that cannot be read at all raises
`UnreadableFile` with a reason a user can act on; it never raises anything else.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

csv.field_size_limit(2**31 - 1)

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
SUFFIXES = TEXT_SUFFIXES + (".xlsx", ".parquet", ".json", ".jsonl", ".ndjson")


class UnreadableFile(Exception):
    """The file holds nothing we can read as rows; the message says why and what to do."""


@dataclass
class Table:
    header: list[str]
    records: list[list[str]]
    problems: dict[int, str] = field(default_factory=dict)  # record index -> why it is unparseable
    encoding: str | None = None
    delimiter: str | None = None


def read_table(path: Path, raw: bytes | None = None) -> Table:
    """Dispatch on the file suffix after checking the content is what the name says."""
    raw = path.read_bytes() if raw is None else raw
    if not raw.strip(b" \t\r\n\x00"):
        raise UnreadableFile("empty file")
    suffix = path.suffix.lower()
    is_zip = raw[:4] == b"PK\x03\x04"
    if suffix == ".xlsx":
        if not is_zip:
            raise UnreadableFile("named .xlsx but is not an Excel workbook (save it as .xlsx, or rename a CSV to .csv)")
        return read_xlsx(raw)
    if is_zip or raw[:4] == b"PAR1" or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if suffix != ".parquet":
            raise UnreadableFile(f"named {suffix} but is a binary file (zip, parquet or old .xls); export it as CSV or XLSX")
    if suffix == ".parquet":
        return read_parquet(raw)
    text, encoding = decode_text(raw)
    if suffix in (".json", ".jsonl", ".ndjson"):
        return read_json(text, encoding)
    return read_delimited(text, encoding)


# ---------------------------------------------------------------- text and encodings
def decode_text(raw: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16, or the single-byte code page they look like.

    Files mixing UTF-8 and cp1252/cp1251 lines (lists pasted together) are decoded line by line.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return _clean_text(raw[3:].decode("utf-8", errors="replace")), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _clean_text(raw.decode("utf-16", errors="replace")), "utf-16"
    head = raw[:4000]
    if head.count(b"\x00") > len(head) // 4:  # UTF-16 without a BOM
        encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return _clean_text(raw.decode(encoding, errors="replace")), encoding
    _reject_binary(raw)
    try:
        return _clean_text(raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    lines = raw.splitlines(keepends=True)
    foreign = [line for line in lines if not _is_utf8(line)]
    codepage = guess_codepage(b"".join(foreign)[:65536])
    if len(foreign) == len(lines):
        return _clean_text(raw.decode(codepage, errors="replace")), codepage
    text = "".join(line.decode("utf-8") if _is_utf8(line) else line.decode(codepage, errors="replace")
                   for line in lines)
    return _clean_text(text), f"utf-8+{codepage}"


def guess_codepage(sample: bytes) -> str:
    """Pick the Windows code page for non-UTF-8 bytes: cp1251 for Cyrillic, else cp1252.

    Only these two are candidates: cp1250 decodes Italian as well as cp1252 by byte statistics and
    wins ties, turning Città into Cittŕ."""
    best = from_bytes(sample, cp_isolation=["cp1252", "cp1251"]).best()
    if best is not None:
        return best.encoding
    high = sum(1 for b in sample if b >= 0xC0)
    return "cp1251" if high > len(sample) // 8 else "cp1252"


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _reject_binary(raw: bytes) -> None:
    head = raw[:8192]
    control = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    if control > max(8, len(head) // 20):
        raise UnreadableFile("binary content, not a text file (export the list as CSV, XLSX or JSON)")


def _clean_text(text: str) -> str:
    return text.replace("\x00", "")


# ---------------------------------------------------------------- delimited text
def sniff_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """csv.Sniffer over the first 64 KB with the delimiters lead lists use; comma when it cannot tell."""
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=counts.get)

        class Fallback(csv.excel):
            delimiter = best if counts[best] else ","
        return Fallback


def read_delimited(text: str, encoding: str) -> Table:
    """Records of a CSV/TSV/TXT; blank lines are not records, ragged rows are kept and noted."""
    dialect = sniff_dialect(text)
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), dialect) if row]
    if not rows:
        raise UnreadableFile("no header row")
    header, records = rows[0], rows[1:]
    if not any(cell.strip() for cell in header):
        raise UnreadableFile("the first row is empty; a header row is needed")
    width = len(header)
    problems = {i: f"ragged row: {len(record)} fields, header has {width}"
                for i, record in enumerate(records) if len(record) != width}
    return Table(header, records, problems, encoding, dialect.delimiter)


# ---------------------------------------------------------------- spreadsheets and columnar files
def excel_cell(value) -> str:
    """Text for a spreadsheet cell: integral floats lose their '.0', dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx(raw: bytes) -> Table:
    """The first sheet that has data; rows that are entirely empty are not records."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and zlib raise many types for damaged workbooks
        raise UnreadableFile(f"corrupt or truncated Excel workbook ({type(exc).__name__}); re-export it") from None
    try:
        for sheet in book.worksheets:
            rows = [[excel_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            rows = [row for row in rows if any(cell.strip() for cell in row)]
            if rows:
                width = max(len(r) for r in rows)
                header = rows[0] + [""] * (width - len(rows[0]))
                return Table(header, rows[1:], {}, "xlsx", None)
    except Exception as exc:
        raise UnreadableFile(f"corrupt or truncated Excel workbook ({type(exc).__name__}); re-export it") from None
    finally:
        book.close()
    raise UnreadableFile("the workbook has no sheet with data")


def read_parquet(raw: bytes) -> Table:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(raw))
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise UnreadableFile(f"corrupt Parquet file ({type(exc).__name__}); re-export it") from None
    header = table.column_names
    columns = [[excel_cell(v) for v in table.column(name).to_pylist()] for name in header]
    return Table(header, [list(r) for r in zip(*columns)], {}, "parquet", None)


# ---------------------------------------------------------------- JSON and JSON Lines
def _flatten(obj: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(excel_cell(v) if not isinstance(v, (dict, list)) else json.dumps(v, ensure_ascii=False)
                                   for v in value)
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = excel_cell(value)
    return flat


class _BadLine(str):
    """The parse error of a JSON line that could not be read."""


def _records_from_objects(objects: list, raw_lines: list[str] | None, encoding: str) -> Table:
    header: dict[str, None] = {}
    flat: list[dict[str, str] | None] = []
    problems: dict[int, str] = {}
    for i, obj in enumerate(objects):
        if isinstance(obj, dict):
            item = _flatten(obj)
            header.update(dict.fromkeys(item))
            flat.append(item)
        else:
            flat.append(None)
            problems[i] = obj if isinstance(obj, _BadLine) else f"not a JSON object: {type(obj).__name__}"
    columns = list(header) + ["_raw"]
    records = []
    for i, item in enumerate(flat):
        if item is None:
            raw = raw_lines[i] if raw_lines else json.dumps(objects[i], ensure_ascii=False)
            records.append([""] * len(header) + [raw])
        else:
            records.append([item.get(name, "") for name in header] + [""])
    return Table(columns, records, problems, encoding, None)


def read_json(text: str, encoding: str) -> Table:
    """A JSON array of objects, one object, or JSON Lines (one record per non-blank line)."""
    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(stripped)
            return _records_from_objects(data if isinstance(data, list) else [data], None, encoding)
        except RecursionError:
            raise UnreadableFile("JSON nested too deeply to be a list of records") from None
        except json.JSONDecodeError:
            if stripped.startswith("["):
                raise UnreadableFile("broken JSON array; fix the file or export it as JSON Lines") from None
    lines = [line for line in text.splitlines() if line.strip()]
    objects: list = []
    for line in lines:
        try:
            objects.append(json.loads(line))
        except json.JSONDecodeError as exc:
            objects.append(_BadLine(f"invalid JSON: {exc.msg} at column {exc.colno}"))
        except RecursionError:
            objects.append(_BadLine("invalid JSON: nested too deeply"))
    if objects and all(isinstance(o, _BadLine) for o in objects):
        raise UnreadableFile("no line is valid JSON")
    return _records_from_objects(objects, lines, encoding)

