-- review_pairs: one row per uncertain pair of input rows (grain: row pair): Splink scored it at
-- least at the review probability but the rows ended in different leads (below the merge
-- probability, or different first names sharing a phone or an address): a person should look.
-- `evidence` says which fields agreed and how strongly (match weight in bits). The right row may
-- be a row of an earlier run (its lead is then a stored lead). A pair a person already decided
-- (`review_decisions`) is not asked again.
with stored_rows as (
    select source_file, source_row, lead_id, first_name, last_name, company
    from lead_members
    where lead_id in (select lead_id_r from match_pairs where lead_id_r is not null)
    qualify row_number() over (partition by lead_id, source_file, source_row order by run_id desc) = 1
),

pairs as (
    select p.*, cl.lead_id as lead_id_l_final, coalesce(cr.lead_id, p.lead_id_r) as lead_id_r_final
    from match_pairs p
    join lead_clusters cl on cl.row_id = p.row_id_l
    left join lead_clusters cr on cr.row_id = p.row_id_r
),

final as (
    select
        round(p.match_probability, 4) as match_probability,
        round(p.match_weight, 2) as match_weight,
        p.evidence,
        p.source_file_l, p.source_row_l, p.lead_id_l_final as lead_id_l,
        concat_ws(' ', l.first_name, l.last_name) as name_l, l.company as company_l,
        p.source_file_r, p.source_row_r, p.lead_id_r_final as lead_id_r,
        concat_ws(' ', coalesce(r.first_name, s.first_name), coalesce(r.last_name, s.last_name)) as name_r,
        coalesce(r.company, s.company) as company_r
    from pairs p
    join stg_leads l on l.row_id = p.row_id_l
    left join stg_leads r on r.row_id = p.row_id_r
    left join stored_rows s
      on p.row_id_r is null and s.lead_id = p.lead_id_r
     and s.source_file = p.source_file_r and s.source_row = p.source_row_r
    where p.lead_id_l_final <> p.lead_id_r_final
      and not exists (
          select 1 from review_decisions d
          where (d.source_file_l, d.source_row_l, d.source_file_r, d.source_row_r)
                    in ((p.source_file_l, p.source_row_l, p.source_file_r, p.source_row_r),
                        (p.source_file_r, p.source_row_r, p.source_file_l, p.source_row_l)))
)

select * from final order by match_probability desc, source_file_l, source_row_l
