"""leads (golden records): one per lead, each with an id and at least a name, company, phone or email."""
import great_expectations.expectations as gxe


def expectations(context: dict) -> list:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="lead_id"),
        gxe.ExpectColumnValuesToBeUnique(column="lead_id"),
        gxe.ExpectColumnValuesToMatchRegex(column="lead_id", regex=r"^L[0-9A-F]{11}$"),
        gxe.ExpectColumnValuesToBeBetween(column="n_rows", min_value=1),
    ]
