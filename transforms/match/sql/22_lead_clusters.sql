-- lead_clusters: one row per usable staged row of this run (grain: row_id) with the lead it belongs to.
-- Rows in one component of the row-key graph are one lead. A component whose keys were issued to
-- a lead in an earlier run, or whose rows Splink matched surely to a stored row of one, joins that
-- lead (the one with most such hits, then the oldest); otherwise it founds a new lead whose id is
-- derived from its first row (file hash + row number). A person's decisions outrank both: a row they put in
-- a lead (`lead_pins`) takes its component there, a row they called the same as a stored row pulls its
-- component into that row's lead, and a component never joins a lead holding a row they called
-- different from one of its rows (`decided_pairs`).
with rows as (
    select row_id, source_file, source_row from stg_leads where quarantine_reason is null
),

components as (
    select r.*, coalesce(c.component, -r.row_id) as component
    from rows r left join row_components c using (row_id)
),

hits as (
    select k.row_id, lk.lead_id, 1 as weight from match_keys k join lead_keys lk using (key)
    union all
    select row_id_l, lead_id_r, 1 from sure_pairs where lead_id_r is not null
    union all
    select row_id, partner_lead_id, 1000000 from decided_pairs where decision = 'same' and partner_lead_id is not null
    union all
    select r.row_id, p.lead_id, 1000000000 from rows r join lead_pins p using (source_file, source_row)
),

forbidden as (
    select distinct c.component, d.partner_lead_id as lead_id
    from components c join decided_pairs d using (row_id)
    where d.decision = 'different' and d.partner_lead_id is not null
),

key_hits as (
    select c.component, h.lead_id, sum(h.weight) as shared_keys, min(lr.issued_at) as issued_at
    from components c
    join hits h using (row_id)
    join lead_registry lr using (lead_id)
    where not exists (select 1 from forbidden f where f.component = c.component and f.lead_id = h.lead_id)
    group by c.component, h.lead_id
),

earlier as (
    select component, lead_id from key_hits
    qualify row_number() over (partition by component order by shared_keys desc, issued_at, lead_id) = 1
),

-- a new lead's id comes from its component's first row: a window, not a join back to the component
-- table (that join ran out of memory at 10M rows at 2 GB)
assigned as (
    select c.row_id, c.component,
           coalesce(e.lead_id, first_value('L' || upper(left(sha256(s.sha256 || ':' || c.source_row), 11)))
                                   over (partition by c.component order by c.source_file, c.source_row)) as lead_id
    from components c
    join run_sources s using (source_file)
    left join earlier e using (component)
),

final as (
    select a.*, lr.lead_id is null as is_new_lead
    from assigned a left join lead_registry lr using (lead_id)
)

select * from final
