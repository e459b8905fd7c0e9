-- decided_pairs: one row per person's decision (`review_decisions`) that names a usable row of this run,
-- seen from that row (grain: row_id, the other row's source_file and source_row): the other row as a row
-- of this run (partner_row_id), and as a stored row, with the lead it is in now (partner_lead_id); either
-- may be NULL. Rows are named by file and row number, so a list read again meets its decisions again.
-- `same` pairs join like a shared key, `different` pairs are kept apart (matching.py, lead_clusters).
with decisions as (
    select source_file_l as file_a, source_row_l as row_a, source_file_r as file_b, source_row_r as row_b,
           decision
    from review_decisions
    union all
    select source_file_r, source_row_r, source_file_l, source_row_l, decision from review_decisions
),

this_run as (
    select row_id, source_file, source_row from stg_leads where quarantine_reason is null
),

stored as (
    select source_file, source_row, lead_id from lead_members
    qualify row_number() over (partition by source_file, source_row order by run_id desc) = 1
),

final as (
    select t.row_id, d.file_b as partner_file, d.row_b as partner_row, p.row_id as partner_row_id,
           s.lead_id as partner_lead_id, d.decision
    from decisions d
    join this_run t on t.source_file = d.file_a and t.source_row = d.row_a
    left join this_run p on p.source_file = d.file_b and p.source_row = d.row_b
    left join stored s on s.source_file = d.file_b and s.source_row = d.row_b
    where p.row_id is not null or s.lead_id is not null
)

select * from final
