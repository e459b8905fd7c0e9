-- lead_scores: one row per lead of this run (grain: lead_id) with junk_score, value_score,
-- priority_score = value x (1 - junk), tier, stage and the reason codes behind them.
-- Tiers cut priority_score at $tier_a and $tier_b (junk >= 0.6 is tier D whatever its value).
-- score_parts keeps every contribution for `explain`: the value's signed points, the junk weights.
-- `reasons` names the lead's role, its BANT answers, each feature's signed points (they add up to
-- value_score: see lead_value) and its junk signals.
with signals as (
    select * from lead_signals
),

junk as (
    select * from lead_junk
),

value as (
    select * from lead_value
),

final as (
    select
        s.lead_id,
        round(j.junk_score, 4) as junk_score,
        round(v.value_points, 2) as value_score,
        round(v.value_points * (1 - j.junk_score), 3) as priority_score,
        case when j.junk_score >= 0.6 then 'D'
             when v.value_points * (1 - j.junk_score) >= $tier_a then 'A'
             when v.value_points * (1 - j.junk_score) >= $tier_b then 'B'
             else 'C' end as tier,
        case when j.junk_score >= 0.6 then 'junk >= 0.6'
             when v.value_points * (1 - j.junk_score) >= $tier_a then 'priority >= ' || $tier_a
             when v.value_points * (1 - j.junk_score) >= $tier_b then 'priority >= ' || $tier_b || ', < ' || $tier_a
             else 'priority < ' || $tier_b end as tier_rule,
        case when j.junk_score < 0.3 and s.title_level = 'decision_maker' and (s.budget_n > 0 or s.timeline_soon) then 'SQL'
             when j.junk_score < 0.5 and s.title_level in ('decision_maker', 'influencer') then 'MQL'
             else 'unqualified' end as stage,
        array_to_string(list_concat(
            [s.title_level],
            case when s.budget_n > 0 then ['has_budget'] else [] end,
            case when s.timeline_soon then ['buying_soon'] when s.has_timeline then ['has_timeline'] else [] end,
            v.value_reasons,  -- code:+points, adding up to value_score
            list_transform(j.junk_parts, lambda x: x.code),
            case when j.source_junk_rate >= 0.3 then ['src_junk_rate_' || round(100 * j.source_junk_rate)::int]
                 else [] end
        ), ';') as reasons,
        list_concat(list_transform(v.value_steps, lambda x: {'code': x.code, 'kind': 'value',
                                                             'factor': x.contribution::double}),
                    list_transform(j.junk_parts, lambda x: {'code': x.code, 'kind': 'junk', 'factor': x.w::double}),
                    [{'code': 'src_junk_rate_' || round(100 * j.source_junk_rate)::int, 'kind': 'junk',
                      'factor': 0.5 * j.source_junk_rate * j.source_junk_rate}]) as score_parts,
        j.source_junk_rate,
        s.title_level,
        s.seniority,
        s.employees_n
    from signals s join junk j using (lead_id) join value v using (lead_id)
)

select * from final
