-- source_stats: one row per input file of this run (grain: source_file): what it brought.
-- duplicates = usable rows that merged into a lead another row of the run already gave;
-- junk_rate = share of its leads that scored as junk (tier D); usable = leads of tiers A-C.
with rows as (
    select s.source_file, s.quarantine_reason, c.lead_id, d.disposition, sc.tier
    from stg_leads s
    left join lead_clusters c using (row_id)
    left join lead_dispositions d using (lead_id)
    left join lead_scores sc using (lead_id)
),

per_file as (
    select
        source_file,
        count(*) as rows,
        count(*) filter (where quarantine_reason is not null) as quarantined,
        count(distinct lead_id) as leads,
        count(distinct lead_id) filter (where tier = 'D') as junk_leads,
        count(distinct lead_id) filter (where tier in ('A', 'B', 'C')) as usable_leads,
        count(distinct lead_id) filter (where disposition = 'call') as to_call,
        count(distinct lead_id) filter (where disposition = 'recontact') as to_recontact,
        count(distinct lead_id) filter (where disposition = 'do_not_call') as do_not_call,
        count(distinct lead_id) filter (where disposition = 'known') as known
    from rows
    group by source_file
),

lead_rows as (
    select lead_id, count(*) as n from rows where lead_id is not null group by lead_id
),

final as (
    select
        f.source_file, rs.source, rs.kind, rs.default_country, rs.country_basis,
        f.rows, f.quarantined, f.leads,
        f.rows - f.quarantined - f.leads as duplicates_within,
        (select count(distinct r.lead_id) from rows r join lead_rows lr using (lead_id)
          where r.source_file = f.source_file and lr.n > 1) as leads_with_duplicates,
        round(f.junk_leads / nullif(f.leads, 0), 4) as junk_rate,
        f.usable_leads, f.to_call, f.to_recontact, f.do_not_call, f.known,
        rs.cost_per_lead,
        round(rs.cost_per_lead * f.rows / nullif(f.usable_leads, 0), 2) as cost_per_usable_lead
    from per_file f join run_sources rs using (source_file)
)

select * from final order by source_file
