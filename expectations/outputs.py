"""The published files: conservation counts, unique ids, score ranges, rank order, closed vocabularies."""
import great_expectations.expectations as gxe

DISPOSITIONS = ["call", "recontact", "do_not_call", "quarantine", "known"]


def call_list(context: dict) -> list:
    return [
        gxe.ExpectColumnValuesToBeUnique(column="lead_id"),
        gxe.ExpectColumnValuesToBeUnique(column="priority_rank"),
        gxe.ExpectColumnValuesToBeIncreasing(column="priority_rank", strictly=True),
        gxe.ExpectColumnValuesToBeBetween(column="priority_rank", min_value=1, max_value=max(context["to_call"], 1)),
        gxe.ExpectColumnValuesToBeBetween(column="junk_score", min_value=0, max_value=1),
        gxe.ExpectColumnValuesToNotBeNull(column="value_score"),
        gxe.ExpectColumnValuesToNotBeNull(column="priority_score"),
        gxe.ExpectColumnValuesToBeBetween(column="value_score", min_value=0),
        gxe.ExpectColumnValuesToBeInSet(column="tier", value_set=["A", "B", "C", "D"]),
        gxe.ExpectColumnValuesToNotBeNull(column="reasons"),
    ]


def lineage(context: dict) -> list:
    return [
        gxe.ExpectTableRowCountToEqual(value=context["rows_in"]),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["source_file", "source_row"]),
        gxe.ExpectColumnValuesToBeInSet(column="disposition", value_set=DISPOSITIONS),
    ]


def do_not_call(context: dict) -> list:
    return [
        gxe.ExpectColumnValuesToBeUnique(column="lead_id"),
        gxe.ExpectColumnValuesToBeInSet(column="reason",
                                        value_set=["dnc", "opt_out", "customer", "dnc_stale", "forgotten"]),
    ]


def recall(context: dict) -> list:
    return [
        gxe.ExpectColumnValuesToBeUnique(column="lead_id"),
        gxe.ExpectColumnValuesToBeInSet(column="reason", value_set=["dnc", "opt_out", "customer", "forgotten"]),
        gxe.ExpectColumnValuesToNotBeNull(column="delivered_on"),
    ]


def recontact(context: dict) -> list:
    return [
        gxe.ExpectColumnValuesToBeUnique(column="lead_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="recontact_on"),
    ]


def quarantine(context: dict) -> list:
    return [gxe.ExpectColumnValuesToNotBeNull(column="reason")]


def review_pairs(context: dict) -> list:
    return [
        gxe.ExpectColumnValuesToBeBetween(column="match_probability", min_value=0, max_value=1),
        gxe.ExpectColumnValuesToNotBeNull(column="evidence"),
    ]
