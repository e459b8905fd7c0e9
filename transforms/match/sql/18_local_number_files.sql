-- local_number_files: one row per file of this run that writes its numbers as local numbers: most of the
-- numbers it gives are unknown to the numbering plan but have a number's digits (an old city directory:
-- "226-2649", without its area code). Only there do such digits stand for a number (`local_digits`, read by
-- the match keys and the row features); elsewhere an unknown number is a typo or a fake, and says nothing.
select source_file
from stg_leads
where quarantine_reason is null and coalesce(phone_raw, mobile_raw) is not null
group by source_file
having avg((coalesce(phone_kind, mobile_kind) = 'invalid'
            and local_digits(coalesce(phone_raw, mobile_raw)) is not null)::int) > 0.5
