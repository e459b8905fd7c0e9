"""Stage: normalise and validate every raw row into `stg_leads`; load the do-not-call lists and the CRM history."""
