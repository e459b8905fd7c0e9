-- hubspot_import: one row per lead to call now (grain: lead_id), in call-list order, headed with the labels
-- of HubSpot's default contact properties so its import tool maps each column by itself. `LeadSweep ID`
-- is the external id (create it once as a single-line text property, unique values); `Contact owner`
-- is the rep the lead was dealt to. HubSpot needs a first name, last name or e-mail on every row: a
-- firm without a contact name takes the firm's name as the last name. Industry is left out: HubSpot's is
-- a fixed list of its own values, and a value outside it fails the row. Rows of one part: see export.CRM_EXPORTS.
select
    c.lead_id as "LeadSweep ID",
    c.first_name as "First Name",
    coalesce(c.last_name, case when c.first_name is null and c.email is null then c.company end) as "Last Name",
    c.email as "Email",
    c.phone as "Phone Number",
    -- a second number the lead holds, if any
    nullif(list_filter(string_split(coalesce(c.all_phones, ''), ';'), lambda p: p <> '' and p <> c.phone)[1], '')
        as "Mobile Phone Number",
    c.company as "Company Name",
    c.job_title as "Job Title",
    l.address as "Street Address",
    c.city as "City",
    l.region as "State/Region",
    l.postcode as "Postal Code",
    c.country as "Country/Region",
    -- a number field in the CRM: a size band ('1-9', '250+') would fail the row, so only a count goes
    case when regexp_full_match(trim(l.employees), '[0-9]+') then trim(l.employees) end as "Number of Employees",
    c.assigned_to as "Contact owner",
    'NEW' as "Lead Status",
    case when c.stage = 'SQL' then 'salesqualifiedlead' else 'marketingqualifiedlead' end as "Lifecycle Stage",
    'Tier ' || c.tier || ', priority ' || c.priority_rank || ' (' || c.reasons || ')' as "Message",
    c.priority_rank
from call_list c
join leads l using (lead_id)
