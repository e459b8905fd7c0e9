"""stg_leads: typed, normalised rows; as many as raw_rows, with well-formed normalised values."""
import great_expectations.expectations as gxe

E164 = r"^\+[1-9]\d{6,14}$"


def expectations(context: dict) -> list:
    return [
        gxe.ExpectTableRowCountToEqual(value=context["rows_in"]),
        gxe.ExpectColumnValuesToBeUnique(column="row_id"),
        gxe.ExpectColumnValuesToMatchRegex(column="phone_e164", regex=E164),
        gxe.ExpectColumnValuesToMatchRegex(column="mobile_e164", regex=E164),
        gxe.ExpectColumnValuesToMatchRegex(column="email", regex=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
        gxe.ExpectColumnValuesToMatchRegex(column="country", regex=r"^[A-Z]{2}$"),
        # most rows of a lead list hold a usable lead; a file that is mostly quarantined needs a look
        gxe.ExpectColumnValuesToBeNull(column="quarantine_reason", mostly=0.5),
    ]
