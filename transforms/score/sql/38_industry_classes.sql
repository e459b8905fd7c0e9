-- industry_classes: one row per distinct industry (lower case) of this run's leads and the CRM
-- history that a ref_industries pattern recognises (grain: industry), with its canonical key.
with industries as (
    select lower(industry) as industry from leads where industry is not null
    union
    select lower(industry) from crm_history where industry is not null
),

final as (
    select d.industry, min(i.industry) as industry_key
    from industries d
    join ref_industries i on regexp_matches(d.industry, i.pattern)
    group by d.industry
)

select * from final
