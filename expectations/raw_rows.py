"""raw_rows: one row per input data row; every row traceable to its file and 1-based record number."""
import great_expectations.expectations as gxe


def expectations(context: dict) -> list:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="source_file"),
        gxe.ExpectColumnValuesToNotBeNull(column="source_row"),
        gxe.ExpectColumnValuesToBeBetween(column="source_row", min_value=1),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["source_file", "source_row"]),
    ]
