-- lead_value: one row per lead of this run (grain: lead_id): how much the lead is worth calling.
-- value_points (>= 0) = 10 x seniority x log company size x learned odds x BANT and completeness
-- nudges; value_parts keeps each factor and each learned log-odds, for `explain`.
with signals as (
    select * from lead_signals
),

learned as (
    -- naive Bayes log-odds of the features the prior does not already weigh (industry, country),
    -- learned from won/lost history; 0 when unseen. Seniority and size odds are kept in
    -- value_weights for explain, not multiplied in again: the prior already ranks by them.
    -- At most one weight per feature (value_weights' grain): two joins and a two-item list, not a
    -- group by with list aggregates (those ran out of memory at 10M leads at 2 GB)
    select s.lead_id,
           coalesce(wi.weight, 0) + coalesce(wc.weight, 0) as learned_log_odds,
           list_filter(case when abs(coalesce(wi.weight, 0)) >= abs(coalesce(wc.weight, 0))
                            then [{'feature': wi.feature, 'value': wi.value, 'weight': wi.weight},
                                  {'feature': wc.feature, 'value': wc.value, 'weight': wc.weight}]
                            else [{'feature': wc.feature, 'value': wc.value, 'weight': wc.weight},
                                  {'feature': wi.feature, 'value': wi.value, 'weight': wi.weight}] end,
                       lambda w: w.feature is not null) as weights
    from signals s
    left join value_weights wi on wi.feature = 'industry_key' and wi.value = s.industry_key
    left join value_weights wc on wc.feature = 'country' and wc.value = s.country
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
        list_transform(list_filter(l.weights, lambda w: abs(w.weight) >= 0.2),
                       lambda w: w.feature || '_' || case when w.weight >= 0 then '+' else '' end
                                 || round(w.weight, 1)::varchar) as learned_reasons,
        list_transform(l.weights, lambda w: {'code': 'learned_' || w.feature || '=' || w.value, 'kind': 'learned',
                                             'factor': w.weight::double}) as learned_parts
    from signals s join learned l using (lead_id)
),

final as (
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
)

select * from final
