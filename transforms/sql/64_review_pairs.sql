-- review_pairs: one row per uncertain pair of input rows (grain: row pair): Splink scored it at
-- least at the review probability but the rows ended in different leads (below the merge
-- probability, or different first names sharing a phone or an address): a person should look. `evidence` says which fields agreed and how strongly (match weight in bits).
with pairs as (
    select * from match_pairs
),

final as (
    select
        round(p.match_probability, 4) as match_probability,
        round(p.match_weight, 2) as match_weight,
        p.evidence,
        l.source_file as source_file_l, l.source_row as source_row_l, cl.lead_id as lead_id_l,
        concat_ws(' ', l.first_name, l.last_name) as name_l, l.company as company_l,
        r.source_file as source_file_r, r.source_row as source_row_r, cr.lead_id as lead_id_r,
        concat_ws(' ', r.first_name, r.last_name) as name_r, r.company as company_r
    from pairs p
    join stg_leads l on l.row_id = p.row_id_l
    join stg_leads r on r.row_id = p.row_id_r
    join lead_clusters cl on cl.row_id = p.row_id_l
    join lead_clusters cr on cr.row_id = p.row_id_r
    where cl.lead_id <> cr.lead_id
)

select * from final order by match_probability desc, source_file_l, source_row_l
