"""`leadsweep inspect FILE...`: how each file would be read, before a run, without writing anything.

For each file: format, encoding, delimiter and rows; the default country a run would assume and why;
every column with the field it maps to (or that it is kept with the row as an extra), a confidence,
the reason (header, content, --sources), what its values look like and a few samples.
"""
from __future__ import annotations

from pathlib import Path

from transforms.ingest.columns import RAW_COLUMN, ColumnsError
from transforms.ingest.lists import collect_inputs, load_source_settings, plan_file
from transforms.ingest.readers import UnreadableFile

SAMPLE_WIDTH = 40


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe_file(path: Path, given: dict) -> str:
    plan = plan_file(path, given)
    rows = sum(len(piece.records) for piece in plan.pieces())
    first = plan.first
    lines = [f"{path.name}: {path.suffix.lower().lstrip('.') or '?'}, {first.encoding or 'binary'}"
             + (f", delimiter {first.delimiter!r}" if first.delimiter else "") + f", {rows:,} rows",
             f"  country: {plan.country or 'unknown'} ({plan.country_basis})"
             + (f"; header language: {plan.language}"
                if plan.language and "language" not in plan.country_basis else "")]
    columns = [c for c in plan.columns if c.header != RAW_COLUMN]
    width = max([len(_clip(c.header or f"column {c.index + 1}", 30)) for c in columns] + [6])
    lines.append(f"  {'column':<{width}}  {'field':<13} {'conf':>4}  {'values':<11}  {'why':<34}  samples")
    for c in columns:
        samples = _clip(" | ".join(c.samples), SAMPLE_WIDTH)
        name = _clip(c.header or f"column {c.index + 1}", 30)
        lines.append(f"  {name:<{width}}  {c.field or '(extra)':<13} "
                     f"{c.confidence:>4.2f}  {c.content:<11}  {_clip(c.basis, 34):<34}  {samples}")
    unmapped = [c.header for c in columns if not c.field]
    if unmapped:
        lines.append(f"  kept with each row, unmapped: {', '.join(unmapped)}")
    lines.append("  override a mapping in --sources: columns: {HEADER: field, OTHER: null}")
    return "\n".join(lines)


def inspect_files(inputs: list[Path], sources: Path | None = None) -> tuple[str, bool]:
    """The text `inspect` prints, and whether every file could be read."""
    files, rejected = collect_inputs(inputs)
    settings = load_source_settings(sources)
    parts, ok = [], not rejected
    for path in files:
        try:
            parts.append(describe_file(path, settings.get(path.name, {})))
        except (UnreadableFile, ColumnsError) as exc:
            parts.append(f"{path.name}: rejected: {exc}")
            ok = False
    parts += [f"{r['file']}: rejected: {r['reason']}" for r in rejected]
    if not parts:
        parts.append("no input files found")
        ok = False
    return "\n\n".join(parts), ok
