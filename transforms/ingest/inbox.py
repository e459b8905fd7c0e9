"""The nightly inbox: which files are new (by content hash, whatever their name) and moving them away."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROCESSED = "processed"


@dataclass
class InboxFile:
    path: Path
    sha256: str
    seen_as: str | None  # the file name it was processed under before, if any


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def scan_inbox(inbox: Path, db_path: Path) -> list[InboxFile]:
    """Every file waiting in the inbox (not in processed/, hidden or `_` folders), with what the store knows."""
    files = sorted(p for p in inbox.rglob("*") if p.is_file()
                   and not any(part.startswith((".", "_")) or part == PROCESSED for part in p.relative_to(inbox).parts))
    known: dict[str, str] = {}
    if db_path.exists():
        with duckdb.connect(str(db_path), read_only=True) as con:
            try:
                known = dict(con.execute("select sha256, any_value(source_file) from source_files group by 1")
                             .fetchall())
            except duckdb.CatalogException:
                known = {}
    scanned = []
    for path in files:
        sha = file_sha256(path)
        scanned.append(InboxFile(path, sha, known.get(sha)))
    return scanned


def archive(inbox: Path, path: Path, day: dt.date) -> Path:
    """Move a handled file to `inbox/processed/<day>/`, never overwriting an earlier file of that name."""
    target_dir = inbox / PROCESSED / day.isoformat()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    n = 1
    while target.exists():
        target = target_dir / f"{path.stem}.{n}{path.suffix}"
        n += 1
    shutil.move(str(path), str(target))
    return target
