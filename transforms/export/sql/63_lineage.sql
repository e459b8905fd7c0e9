-- lineage: one row per input data row of this run (grain: source_file, source_row): the lead it
-- became and what happened to it. Rows joining a lead an earlier run delivered are `known`.
with final as (
    select s.source_file, s.source_row, c.lead_id,
           case when s.quarantine_reason is not null then 'quarantine' else d.disposition end as disposition
    from stg_leads s
    left join lead_clusters c using (row_id)
    left join lead_dispositions d using (lead_id)
)

select * from final order by source_file, source_row
