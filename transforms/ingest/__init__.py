"""Ingest: read the input lists (any encoding, delimiter or spreadsheet), map their columns, and land every
row in `raw_rows`."""
