-- lead_scores: one row per lead of this run (grain: lead_id) with junk_score, value_score,
-- priority_score, tier, stage and the reason codes behind them.
-- junk_score combines independent junk signals as a noisy-or, 1 - prod(1 - w), plus a prior for
-- the lead's source: the share of that source's leads that look like junk in this very run.
-- value_score (>= 0) is seniority x log company size x learned odds x BANT/completeness nudges;
-- tiers cut priority_score at $tier_a and $tier_b (junk >= 0.6 is tier D whatever its value).
-- score_parts keeps every contribution for `explain`: junk weights, value factors, learned log-odds.
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

learned as (
    -- naive Bayes log-odds of the features the prior does not already weigh (industry, country),
    -- learned from won/lost history; 0 when unseen. Seniority and size odds are kept in
    -- value_weights for explain, not multiplied in again: the prior already ranks by them.
    select s.lead_id,
           coalesce(sum(w.weight), 0) as learned_log_odds,
           list(w.feature || '_' || case when w.weight >= 0 then '+' else '' end || round(w.weight, 1)::varchar
                order by abs(w.weight) desc) filter (where abs(w.weight) >= 0.2) as learned_reasons,
           list({'code': 'learned_' || w.feature || '=' || w.value, 'kind': 'learned', 'factor': w.weight::double}
                order by abs(w.weight) desc) filter (where w.feature is not null) as learned_parts
    from signals s
    left join value_weights w
      on (w.feature = 'industry_key' and w.value = s.industry_key) or (w.feature = 'country' and w.value = s.country)
    group by s.lead_id
),

factors as (
    -- cold-start prior: deal worth grows with the buyer's authority and (log) company size;
    -- the learned odds multiply it, and BANT answers and contactability nudge it
    select s.lead_id,
        case s.seniority when 'executive' then 10 when 'director' then 6 when 'manager' then 3
                         when 'staff' then 1 when 'junior' then 0.3 when 'unknown' then 1.5 else 1 end as f_seniority,
        case when s.employees_n is null then 2.0 else 0.5 + log10(s.employees_n + 1) end as f_size,
        least(greatest(exp(l.learned_log_odds), 0.25), 4) as f_learned,
        1 + 0.15 * coalesce(s.budget_n > 0, false)::int + 0.15 * coalesce(s.timeline_soon, false)::int
          + 0.05 * coalesce(s.has_timeline and not s.timeline_soon, false)::int as f_bant,
        0.9 + 0.02 * s.filled_fields as f_complete,
        coalesce(l.learned_reasons, []) as learned_reasons,
        coalesce(l.learned_parts, []) as learned_parts
    from signals s join learned l using (lead_id)
),

value as (
    select f.*, 10 * f_seniority * f_size * f_learned * f_bant * f_complete as value_points,
           list_concat([
               {'code': 'value_base', 'kind': 'value', 'factor': 10.0},
               {'code': 'value_seniority=' || s.seniority, 'kind': 'value', 'factor': f_seniority},
               {'code': 'value_size=' || coalesce(printf('%.0f', s.employees_n), 'unknown'), 'kind': 'value',
                'factor': f_size},
               {'code': 'value_learned_odds', 'kind': 'value', 'factor': f_learned},
               {'code': 'value_bant', 'kind': 'value', 'factor': f_bant},
               {'code': 'value_filled_fields=' || s.filled_fields, 'kind': 'value', 'factor': f_complete}
           ], f.learned_parts) as value_parts
    from factors f join signals s using (lead_id)
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
            case when s.seniority in ('executive', 'director', 'manager', 'junior') then [s.seniority] else [] end,
            case when s.employees_n >= 250 then ['size_250_plus'] when s.employees_n >= 50 then ['size_50_249']
                 when s.employees_n is not null then ['size_under_50'] else [] end,
            case when s.filled_fields >= 6 then ['complete'] else [] end,
            case when s.budget_n > 0 then ['has_budget'] else [] end,
            case when s.timeline_soon then ['buying_soon'] when s.has_timeline then ['has_timeline'] else [] end,
            list_transform(v.learned_reasons, lambda x: 'learned_' || x),
            list_transform(j.parts, lambda x: x.code),
            case when j.source_junk_rate >= 0.3 then ['src_junk_rate_' || round(100 * j.source_junk_rate)::int]
                 else [] end
        ), ';') as reasons,
        list_concat(v.value_parts,
                    list_transform(j.parts, lambda x: {'code': x.code, 'kind': 'junk', 'factor': x.w::double}),
                    [{'code': 'src_junk_rate_' || round(100 * j.source_junk_rate)::int, 'kind': 'junk',
                      'factor': 0.5 * j.source_junk_rate * j.source_junk_rate}]) as score_parts,
        j.source_junk_rate,
        s.title_level,
        s.seniority,
        s.employees_n
    from signals s join junk j using (lead_id) join value v using (lead_id)
)

select * from final
