"""The small core every stage stands on: the DuckDB store and its model runner, text and date helpers, the Spark engine."""
