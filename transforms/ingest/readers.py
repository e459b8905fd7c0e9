"""Read one input file into a header and text records, whatever its format and encoding.

Each reader returns a `Table`: the header, the records (lists of strings, aligned to the header
as far as the file allows) and per-record problems. A file that cannot be read at all raises
`UnreadableFile` with a reason a user can act on; it never raises anything else.

`read_pieces` yields the same table in pieces of at most `piece_rows` records (delimited text and
JSON Lines are parsed piece by piece), so a list of millions of rows never sits in memory as Python
objects all at once; `read_table` is all the pieces joined.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import orjson
from charset_normalizer import from_bytes

csv.field_size_limit(2**31 - 1)

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
PIECE_ROWS = 200_000  # records per piece: ~0.3 GB of Python strings for a wide list
SUFFIXES = TEXT_SUFFIXES + (".xlsx", ".parquet", ".json", ".jsonl", ".ndjson")


# Limits that keep one file from exhausting memory (a file is read whole, then decoded): a list bigger
# than this is refused, as is a workbook whose parts would expand past the second limit (a zip bomb).
MAX_FILE_MB = int(os.environ.get("LEADSWEEP_MAX_FILE_MB", "2048"))
MAX_XLSX_EXPANDED_MB = int(os.environ.get("LEADSWEEP_MAX_XLSX_MB", "2048"))
# A cell longer than this is no lead's value (a pasted document, a payload); its row is quarantined with the
# reason, and the cell is cut to this length. The default is Excel's own limit for a cell.
MAX_FIELD_CHARS = int(os.environ.get("LEADSWEEP_MAX_FIELD_CHARS", "32767"))


class UnreadableFile(Exception):
    """The file holds nothing we can read as rows; the message says why and what to do."""


@dataclass
class Table:
    header: list[str]
    records: list[list[str]]
    problems: dict[int, str] = field(default_factory=dict)  # record index -> why it is unparseable
    encoding: str | None = None
    delimiter: str | None = None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, if it is within `MAX_FILE_MB`."""
    size = path.stat().st_size
    if size > MAX_FILE_MB * 2**20:
        raise UnreadableFile(f"{size / 2**20:,.0f} MB is over the {MAX_FILE_MB:,} MB a list may have "
                             "(LEADSWEEP_MAX_FILE_MB); split it into smaller files")
    return path.read_bytes()


def read_table(path: Path, raw: bytes | None = None) -> Table:
    """The whole file as one table (see `read_pieces`)."""
    return _joined(iter(read_pieces(path, raw)))


def read_pieces(path: Path, raw: bytes | None = None, piece_rows: int = PIECE_ROWS) -> Iterator[Table]:
    """The file's records in tables of at most `piece_rows` (at least one table, maybe of no records),
    each with the file's header; problems are numbered within their table.

    Dispatches on the file suffix after checking the content is what the name says; raises
    `UnreadableFile` before the first table when the file cannot be read at all.
    """
    raw = read_bytes(path) if raw is None else raw
    if not raw.strip(b" \t\r\n\x00"):
        raise UnreadableFile("empty file")
    suffix = path.suffix.lower()
    is_zip = raw[:4] == b"PK\x03\x04"
    if suffix == ".xlsx":
        if not is_zip:
            raise UnreadableFile("named .xlsx but is not an Excel workbook (save it as .xlsx, or rename a CSV to .csv)")
        return iter([read_xlsx(raw)])
    is_binary = is_zip or raw[:4] == b"PAR1" or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if is_binary and suffix != ".parquet":
        raise UnreadableFile(f"named {suffix} but is a binary file (zip, parquet or old .xls); "
                             "export it as CSV or XLSX")
    if suffix == ".parquet":
        return iter([read_parquet(raw)])
    text, encoding = decode_text(raw)
    del raw
    if suffix in (".json", ".jsonl", ".ndjson"):
        return json_chunks(text, encoding, piece_rows)
    return delimited_chunks(text, encoding, piece_rows)


def _pieces(items: Iterator, size: int) -> Iterator[list]:
    while piece := list(islice(items, size)):
        yield piece


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


BLOCK_CHARS = 1 << 20  # lines are split a block of text at a time


def lines_of(text: str) -> Iterator[str]:
    """The lines of `text` with their ends (\\r\\n, \\r or \\n), as `io.StringIO(text, newline="")` gives
    them, without its copy of the whole text at four bytes a character: blocks of about `BLOCK_CHARS`
    that end after a \\n (so a \\r\\n is never cut in two) are split in turn."""
    start = 0
    while start < len(text):
        end = text.find("\n", min(start + BLOCK_CHARS, len(text)) - 1)
        end = len(text) if end < 0 else end + 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _clean_text(text: str) -> str:
    return text.replace("\x00", "")


# ---------------------------------------------------------------- delimited text
SNIFF_LINES = 200  # lines of the sample a delimiter is judged on
def sniff_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The delimiter lead lists use (, ; tab |) that splits the header and keeps the most of the next
    rows at the header's width: a name written "ROSSI, Mario" in every row of a semicolon file, or a
    formula with a comma in a tab file, do not turn the file into a comma file (csv.Sniffer's guess).
    csv.Sniffer decides where no delimiter splits the header; comma when it cannot tell either."""
    sample = text[:65536]
    lines = [line for line in sample.splitlines()[:SNIFF_LINES] if line.strip()]
    best, best_score = None, (0.0, 0)
    for delimiter in ",;\t|":
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not widths or widths[0] < 2:
            continue
        rows = widths[1:] or widths
        score = (sum(w == widths[0] for w in rows) / len(rows), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    if best is not None:
        class Chosen(csv.excel):
            delimiter = best
        return Chosen
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        class Fallback(csv.excel):
            delimiter = ","
        return Fallback


def read_delimited(text: str, encoding: str) -> Table:
    """Records of a CSV/TSV/TXT; blank lines are not records, ragged rows are kept and noted."""
    return _joined(delimited_chunks(text, encoding, PIECE_ROWS))


def delimited_chunks(text: str, encoding: str, piece_rows: int) -> Iterator[Table]:
    """`read_delimited` in tables of at most `piece_rows` records (raises before the first one)."""
    dialect = sniff_dialect(text)
    rows = (row for row in csv.reader(lines_of(text), dialect) if row)
    header = next(rows, None)
    if header is None:
        raise UnreadableFile("no header row")
    if not any(cell.strip() for cell in header):
        raise UnreadableFile("the first row is empty; a header row is needed")
    return _delimited_pieces(header, rows, encoding, dialect.delimiter, piece_rows)


def _delimited_pieces(header: list[str], rows: Iterator[list[str]], encoding: str, delimiter: str,
                      piece_rows: int) -> Iterator[Table]:
    width, empty = len(header), True
    for records in _pieces(rows, piece_rows):
        empty = False
        problems = {i: f"ragged row: {len(record)} fields, header has {width}"
                    for i, record in enumerate(records) if len(record) != width}
        yield Table(header, records, problems, encoding, delimiter)
    if empty:
        yield Table(header, [], {}, encoding, delimiter)


def _joined(chunks: Iterator[Table]) -> Table:
    table = next(chunks)
    for chunk in chunks:
        offset = len(table.records)
        table.records.extend(chunk.records)
        table.problems.update({offset + i: why for i, why in chunk.problems.items()})
    return table


# ---------------------------------------------------------------- spreadsheets and columnar files
def excel_cell(value) -> str:
    """Text for a spreadsheet cell: integral floats lose their '.0', dates become ISO dates."""
    if isinstance(value, str):
        return value
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
    """The first sheet that has data; rows that are entirely empty are not records. Read with calamine
    (Rust): 7 times openpyxl's speed, the same cells (cached formula results, dates as dates)."""
    from python_calamine import CalamineWorkbook

    _refuse_bombs(raw)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = [[excel_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
            rows = [row for row in rows if any(cell.strip() for cell in row)]
            if rows:
                width = max(len(r) for r in rows)
                header = rows[0] + [""] * (width - len(rows[0]))
                return Table(header, rows[1:], {}, "xlsx", None)
    except Exception as exc:  # calamine and zip raise several types for damaged workbooks
        raise UnreadableFile(f"corrupt or truncated Excel workbook ({type(exc).__name__}); re-export it") from None
    raise UnreadableFile("the workbook has no sheet with data")


def _refuse_bombs(raw: bytes) -> None:
    """A workbook whose parts say they expand past `MAX_XLSX_EXPANDED_MB` is refused before it is read."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return  # damaged: the reader says so
    if expanded > MAX_XLSX_EXPANDED_MB * 2**20:
        raise UnreadableFile(f"the workbook expands to {expanded / 2**20:,.0f} MB, over the "
                             f"{MAX_XLSX_EXPANDED_MB:,} MB allowed (LEADSWEEP_MAX_XLSX_MB); export it as CSV")


def read_parquet(raw: bytes) -> Table:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(raw))
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise UnreadableFile(f"corrupt Parquet file ({type(exc).__name__}); re-export it") from None
    header = table.column_names
    columns = [[excel_cell(v) for v in table.column(name).to_pylist()] for name in header]
    return Table(header, [list(r) for r in zip(*columns, strict=True)], {}, "parquet", None)


# ---------------------------------------------------------------- JSON and JSON Lines
def _flatten(obj: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, str):  # most values, first
            flat[name] = value
        elif isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list))
                                   else excel_cell(v) for v in value)
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = excel_cell(value)
    return flat


class _BadLine(str):
    """The parse error of a JSON line that could not be read."""


def _records_from_objects(objects: list, raw_lines: list[str] | None, encoding: str,
                          header: dict[str, None] | None = None) -> Table:
    """Records aligned to `header` (default: every key of `objects`, in order of appearance) plus `_raw`,
    which holds the text of a line that is not a JSON object."""
    flat: list[dict[str, str] | None] = []
    problems: dict[int, str] = {}
    keys: dict[str, None] = {}
    for i, obj in enumerate(objects):
        if isinstance(obj, dict):
            item = _flatten(obj)
            keys.update(dict.fromkeys(item))
            flat.append(item)
        else:
            flat.append(None)
            problems[i] = obj if isinstance(obj, _BadLine) else f"not a JSON object: {type(obj).__name__}"
    header = keys if header is None else header
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
    return _joined(json_chunks(text, encoding, PIECE_ROWS))


def json_chunks(text: str, encoding: str, piece_rows: int) -> Iterator[Table]:
    """`read_json` in tables of at most `piece_rows` records (raises before the first one). JSON Lines
    are read twice: once for the header (every key of every line), once for the records."""
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(text)
            return iter([_records_from_objects(data if isinstance(data, list) else [data], None, encoding)])
        except RecursionError:
            raise UnreadableFile("JSON nested too deeply to be a list of records") from None
        except json.JSONDecodeError:
            if stripped.startswith("["):
                raise UnreadableFile("broken JSON array; fix the file or export it as JSON Lines") from None
    header: dict[str, None] = {}
    good = 0
    for line in _json_lines(text):
        obj = _parse_line(line)
        if isinstance(obj, dict):
            header.update(dict.fromkeys(_flatten(obj)))
        good += not isinstance(obj, _BadLine)
    if not good:
        raise UnreadableFile("no line is valid JSON")
    return (_records_from_objects([_parse_line(line) for line in lines], lines, encoding, header)
            for lines in _pieces(_json_lines(text), piece_rows))


def _json_lines(text: str) -> Iterator[str]:
    """The non-blank lines without their ends (not split at U+2028 and the like: JSON allows them in strings)."""
    return (line.rstrip("\r\n") for line in lines_of(text) if line.strip())


EXACT_TYPES = frozenset((str, int, bool, type(None)))  # values orjson reads as the json module does


def _parse_line(line: str):
    try:
        obj = orjson.loads(line)  # 3-4x the json module's speed
        if type(obj) is dict and EXACT_TYPES.issuperset(map(type, obj.values())):
            return obj  # flat and float-free (orjson reads an integer past 64 bits as a float: json keeps it)
    except orjson.JSONDecodeError:
        pass  # the json module says why, and reads what orjson refuses (NaN, Infinity)
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return _BadLine(f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return _BadLine("invalid JSON: nested too deeply")
