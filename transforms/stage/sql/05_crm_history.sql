-- crm_history: one row per record of the CRM export (--customers), in the file's order.
-- crm_raw holds the export's cells as text (stripped, empty -> NULL, `record` numbers the records);
-- the values come from the per-distinct-value lookups crm_norm_* (transforms/stage/suppression.py).
with countries as (
    select r.*, coalesce(nc.iso, r.country_default) as country_iso
    from crm_raw r left join crm_norm_countries nc on nc.raw = r.country
)

select
    coalesce(o.lowered, '') as outcome,  -- '' also when the record stops before the outcome column
    e.email,
    p.e164 as phone_e164,                -- the phone, else the mobile, read in the row's country
    nullif(n.name_key, '') as name_key,
    nullif(co.company_key, '') as company_key,
    c.country_iso as country,
    c.industry,
    c.employees,
    c.job_title
from countries c
left join crm_norm_outcomes o on o.raw = c.outcome
left join crm_norm_emails e on e.raw = c.email
left join crm_norm_phones p
  on p.raw = coalesce(c.phone, c.mobile) and p.country is not distinct from c.country_iso
left join crm_norm_names n
  on  n.first_raw is not distinct from c.first_name and n.last_raw is not distinct from c.last_name
  and n.full_raw is not distinct from c.full_name
left join crm_norm_companies co on co.raw = c.company
order by c.record
