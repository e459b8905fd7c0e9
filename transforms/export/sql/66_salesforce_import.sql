-- salesforce_import: one row per lead to call now (grain: lead_id), in call-list order, headed with the
-- labels Salesforce's Data Import Wizard maps to Lead fields by itself. Salesforce requires Last Name and
-- Company on every lead: where the list has none, the placeholder Salesforce's own Web-to-Lead writes,
-- "[not provided]". `LeadSweep ID` is the external id (a custom text field marked External ID, so a
-- later import updates the lead rather than adding it again); `Record Owner` is the rep.
select
    c.lead_id as "LeadSweep ID",
    c.first_name as "First Name",
    coalesce(c.last_name, '[not provided]') as "Last Name",
    coalesce(c.company, '[not provided]') as "Company",
    c.job_title as "Title",
    c.email as "Email",
    c.phone as "Phone",
    nullif(list_filter(string_split(coalesce(c.all_phones, ''), ';'), lambda p: p <> '' and p <> c.phone)[1], '')
        as "Mobile Phone",
    l.address as "Street",
    c.city as "City",
    l.region as "State/Province",
    l.postcode as "Zip/Postal Code",
    c.country as "Country",
    l.industry as "Industry",
    -- a number field in the CRM: a size band ('1-9', '250+') would fail the row, so only a count goes
    case when regexp_full_match(trim(l.employees), '[0-9]+') then trim(l.employees) end as "No. of Employees",
    c.sources as "Lead Source",
    'Open - Not Contacted' as "Lead Status",
    case c.tier when 'A' then 'Hot' when 'B' then 'Warm' else 'Cold' end as "Rating",
    c.assigned_to as "Record Owner",
    'Tier ' || c.tier || ', priority ' || c.priority_rank || ' (' || c.reasons || ')' as "Description",
    c.priority_rank
from call_list c
join leads l using (lead_id)
