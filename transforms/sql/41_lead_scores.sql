-- lead_scores: one row per lead of this run (grain: lead_id) with junk_score, value_score,
-- priority_score, tier, stage and the reason codes behind them.
-- junk_score combines independent junk signals as a noisy-or, 1 - prod(1 - w), plus a prior for
-- the lead's source: the share of that source's leads that look like junk in this very run.
-- value_score (0-100) adds title level, company size, completeness and BANT fields.
with signals as (
    select * from lead_signals
),

junk_parts as (
    select lead_id, list_filter([
        {'code': 'junk_placeholder_name', 'w': 0.75, 'on': is_placeholder_name},
        {'code': 'junk_stock_name', 'w': 0.35, 'on': is_stock_name},
        {'code': 'junk_mash_name', 'w': 0.5, 'on': is_mash_name},
        {'code': 'junk_no_name', 'w': 0.3, 'on': has_no_name},
        {'code': 'junk_fake_phone', 'w': 0.55, 'on': has_placeholder_phone and not has_valid_phone},
        {'code': 'junk_premium_phone', 'w': 0.45, 'on': has_premium_phone},
        {'code': 'junk_invalid_phone', 'w': 0.3, 'on': has_invalid_phone and not has_valid_phone
                                                     and not has_placeholder_phone},
        {'code': 'junk_placeholder_email', 'w': 0.45, 'on': has_placeholder_email},
        {'code': 'junk_disposable_email', 'w': 0.4, 'on': has_disposable_email},
        {'code': 'junk_invalid_email', 'w': 0.15, 'on': has_invalid_email and not has_valid_email},
        {'code': 'junk_uncontactable', 'w': 0.35, 'on': not has_valid_phone and not has_valid_email},
        {'code': 'junk_shared_phone', 'w': 0.2, 'on': leads_per_phone >= 5},
        {'code': 'junk_title_no_company', 'w': 0.1, 'on': has_title_without_company}
    ], lambda x: x.on) as parts
    from signals
),

base_junk as (
    select lead_id, parts,
           1 - coalesce(list_aggregate(list_transform(parts, lambda x: 1 - x.w), 'product'), 1) as junk_base
    from junk_parts
),

source_rates as (
    -- share of each source's leads that look like junk on their own signals
    select source, avg((b.junk_base >= 0.5)::int) as junk_rate, count(*) as leads
    from base_junk b join signals s using (lead_id), unnest(string_split(s.sources, ';')) as t(source)
    group by source
),

lead_source_rate as (
    select s.lead_id, min(r.junk_rate) as source_junk_rate
    from signals s, unnest(string_split(s.sources, ';')) as t(source)
    join source_rates r using (source)
    group by s.lead_id
),

junk as (
    select b.lead_id, b.parts, r.source_junk_rate,
           1 - (1 - b.junk_base) * (1 - 0.5 * r.source_junk_rate * r.source_junk_rate) as junk_score
    from base_junk b join lead_source_rate r using (lead_id)
),

value as (
    select lead_id,
        case title_level when 'decision_maker' then 40 when 'influencer' then 25 when 'staff' then 8
                         when 'unknown' then 14 else 10 end as title_points,
        case when employees_n is null then 8 when employees_n >= 1000 then 30 when employees_n >= 250 then 26
             when employees_n >= 50 then 20 when employees_n >= 10 then 12 else 5 end as size_points,
        2.5 * filled_fields as completeness_points,
        (case when budget_n > 0 then 8 else 0 end) + (case when timeline_soon then 7 when has_timeline then 3 else 0 end)
            as bant_points
    from signals
),

final as (
    select
        s.lead_id,
        round(j.junk_score, 4) as junk_score,
        round(v.title_points + v.size_points + v.completeness_points + v.bant_points, 2) as value_score,
        round((v.title_points + v.size_points + v.completeness_points + v.bant_points) * (1 - j.junk_score), 3)
            as priority_score,
        case when j.junk_score >= 0.6 then 'D'
             when (v.title_points + v.size_points + v.completeness_points + v.bant_points) * (1 - j.junk_score) >= 60 then 'A'
             when (v.title_points + v.size_points + v.completeness_points + v.bant_points) * (1 - j.junk_score) >= 40 then 'B'
             else 'C' end as tier,
        case when j.junk_score < 0.3 and s.title_level = 'decision_maker' and (s.budget_n > 0 or s.timeline_soon) then 'SQL'
             when j.junk_score < 0.5 and s.title_level in ('decision_maker', 'influencer') then 'MQL'
             else 'unqualified' end as stage,
        array_to_string(list_concat(
            [s.title_level],
            case when s.employees_n >= 250 then ['size_250_plus'] when s.employees_n >= 50 then ['size_50_249']
                 when s.employees_n is not null then ['size_under_50'] else [] end,
            case when s.filled_fields >= 6 then ['complete'] else [] end,
            case when s.budget_n > 0 then ['has_budget'] else [] end,
            case when s.timeline_soon then ['buying_soon'] when s.has_timeline then ['has_timeline'] else [] end,
            list_transform(j.parts, lambda x: x.code),
            case when j.source_junk_rate >= 0.3 then ['src_junk_rate_' || round(100 * j.source_junk_rate)::int]
                 else [] end
        ), ';') as reasons,
        j.source_junk_rate,
        s.title_level,
        s.employees_n
    from signals s join junk j using (lead_id) join value v using (lead_id)
)

select * from final
