"""The small core every stage stands on: the DuckDB store and its model runner, the run context, text, date
and country helpers, the Spark engine."""
