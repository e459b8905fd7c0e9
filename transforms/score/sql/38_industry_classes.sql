-- industry_classes: one row per distinct industry (lower case) of this run's leads and the CRM
-- history that a ref_industries pattern recognises (grain: industry), with its canonical key.
-- When more patterns match, the lowest rank wins: named sectors before the broad activities
-- (retail, manufacturing) and the generic "technology" words last, so "Industria farmaceutica"
-- is healthcare and "Tecnologie medicali" healthcare, not manufacturing or software_it.
with industries as (
    select lower(industry) as industry from leads where industry is not null
    union
    select lower(industry) from crm_history where industry is not null
),

final as (
    select d.industry, i.industry as industry_key
    from industries d
    join ref_industries i on regexp_matches(d.industry, i.pattern)
    qualify row_number() over (partition by d.industry order by i.rank::int, i.industry) = 1
)

select * from final
