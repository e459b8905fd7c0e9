-- crm_history: one row per record of the CRM export (--customers), in the file's order.
-- crm_raw holds the export's cells as text (stripped, empty -> NULL, `record` numbers the records);
-- the values come from the per-distinct-value lookups crm_norm_* (transforms/stage/suppression.py).
-- An outcome is read in the lists' languages and as CRMs export it (Salesforce's "Closed Won", HubSpot's
-- "closedwon"): `customer`, `won` or `lost`; any other value is kept lower-cased and teaches nothing. The
-- words are whole values, so "potenziale cliente" (a prospect) is not "cliente".
with outcome_words(word, outcome) as (
    values ('customer', 'customer'), ('client', 'customer'), ('existing customer', 'customer'),
           ('active customer', 'customer'), ('current customer', 'customer'),
           ('cliente', 'customer'), ('cliente attivo', 'customer'), ('gia cliente', 'customer'),
           ('клиент', 'customer'), ('активен клиент', 'customer'), ('съществуващ клиент', 'customer'),
           ('pelanggan', 'customer'), ('pelanggan aktif', 'customer'),
           ('won', 'won'), ('closed won', 'won'), ('closed-won', 'won'), ('closedwon', 'won'), ('win', 'won'),
           ('deal won', 'won'), ('vinto', 'won'), ('vinta', 'won'), ('chiuso vinto', 'won'),
           ('chiusa vinta', 'won'), ('спечелен', 'won'), ('спечелена', 'won'), ('спечелено', 'won'),
           ('menang', 'won'), ('berhasil', 'won'),
           ('lost', 'lost'), ('closed lost', 'lost'), ('closed-lost', 'lost'), ('closedlost', 'lost'),
           ('loss', 'lost'), ('deal lost', 'lost'), ('perso', 'lost'), ('persa', 'lost'), ('chiuso perso', 'lost'),
           ('chiusa persa', 'lost'), ('загубен', 'lost'), ('загубена', 'lost'), ('загубено', 'lost'),
           ('kalah', 'lost'), ('gagal', 'lost')
),

countries as (
    select r.*, coalesce(nc.iso, r.country_default) as country_iso
    from crm_raw r left join crm_norm_countries nc on nc.raw = r.country
)

select
    coalesce(w.outcome, o.lowered, '') as outcome,  -- '' also when the record stops before the outcome column
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
left join outcome_words w on w.word = strip_accents(regexp_replace(trim(o.lowered), '\s+', ' ', 'g'))
left join crm_norm_emails e on e.raw = c.email
left join crm_norm_phones p
  on p.raw = coalesce(c.phone, c.mobile) and p.country is not distinct from c.country_iso
left join crm_norm_names n
  on  n.first_raw is not distinct from c.first_name and n.last_raw is not distinct from c.last_name
  and n.full_raw is not distinct from c.full_name
left join crm_norm_companies co on co.raw = c.company
order by c.record
