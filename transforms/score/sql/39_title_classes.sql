-- title_classes: one row per distinct job title (lower case) of this run's leads and the CRM
-- history (grain: title): its seniority level and role, from the first matching pattern of
-- ref_title_levels (the lowest rank: a vice president is a director before `president` reads them as an
-- executive). Patterns are matched once per distinct title, not once per row.
with titles as (
    select lower(job_title) as title from leads where job_title is not null
    union
    select lower(job_title) from crm_history where job_title is not null
),

final as (
    select d.title, t.level, t.role
    from titles d
    join ref_title_levels t on regexp_matches(d.title, t.pattern)
    qualify row_number() over (partition by d.title order by t.rank::double) = 1
)

select * from final
