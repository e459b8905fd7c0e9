-- lead_value: one row per lead of this run (grain: lead_id): how much the lead is worth calling, in
-- points, and the signed contribution of each feature, which add up to it (`value_steps`).
-- - Learned (value_model.learned): typical deal x P(won | lead) / P(won | a lead the history says
--   nothing about), P(won | lead) from the logistic model of value_weights (fit -1). The typical deal
--   is the median lead's points under the prior below, so the tiers' cut-offs mean the same with or
--   without history. A value the history never saw (or a lead that does not say) weighs what the
--   feature weighs on average over the history's deals: it tells nothing.
-- - Cold start (too little history): 10 x seniority x log company size, and the industry's and the
--   country's learned odds, each kept within x0.5 .. x2, where the history has any.
-- - Without history, BANT answers and contactability nudge it too (x1 .. x1.3, x0.9 .. x1.02). With
--   history they do not: the deals say what a lead is worth, and on lists whose deals tell, the fixed
--   nudges only blurred it. BANT answers still make a lead an SQL (lead_scores.stage) and are in reasons.
-- The value is built one feature at a time (seniority, size, industry, country, BANT, filled fields);
-- each feature's contribution is what it adds to the value built so far (2 decimals), so the
-- contributions and the starting points add up to the value exactly.
with signals as (
    select lead_id, seniority, employees_n, filled_fields, budget_n, timeline_soon, has_timeline,
           coalesce(size_band, 'unknown') as size_band, coalesce(industry_key, 'unknown') as industry_key,
           coalesce(country, 'unknown') as country
    from lead_signals
),

expected as (
    -- what each feature weighs on average over the deals (the intercept: itself)
    select feature, sum((won_n + lost_n) * weight) / sum(won_n + lost_n) as expected
    from value_weights where fit = -1 group by feature
),

weights as (
    -- each value's weight less what its feature weighs on average over the deals
    select w.feature, w.value, w.weight - e.expected as weight
    from value_weights w join expected e using (feature)
    where w.fit = -1 and w.feature <> 'intercept'
),

neutral as (
    -- the log-odds of winning a lead the history says nothing about
    select sum(expected) as logit from expected
),

features as (
    select s.*,
        case s.seniority when 'executive' then 10 when 'director' then 6 when 'manager' then 3
                         when 'staff' then 1 when 'junior' then 0.3 when 'unknown' then 1.5 else 1 end as f_seniority,
        case when s.employees_n is null then 2.0 else 0.5 + log10(s.employees_n + 1) end as f_size,
        1 + 0.15 * coalesce(s.budget_n > 0, false)::int + 0.15 * coalesce(s.timeline_soon, false)::int
          + 0.05 * coalesce(s.has_timeline and not s.timeline_soon, false)::int as f_bant,
        0.9 + 0.02 * s.filled_fields as f_complete,
        coalesce(ws.weight, 0) as w_seniority, coalesce(wz.weight, 0) as w_size,
        coalesce(wi.weight, 0) as w_industry, coalesce(wc.weight, 0) as w_country
    from signals s
    left join weights ws on ws.feature = 'seniority' and ws.value = s.seniority
    left join weights wz on wz.feature = 'size_band' and wz.value = s.size_band
    left join weights wi on wi.feature = 'industry_key' and wi.value = s.industry_key
    left join weights wc on wc.feature = 'country' and wc.value = s.country
),

typical as (
    select coalesce(median(10 * f_seniority * f_size), 10) as points from features
),

moves as (
    -- what each feature does to the value, in order (seniority, size, industry, country): learned, its
    -- weight on the log-odds of winning; cold start, the log of its factor (the odds within x0.5 .. x2)
    select f.*, t.points as typical, n.logit as neutral, m.learned,
           case when m.learned then [f.w_seniority, f.w_size, f.w_industry, f.w_country]
                else [ln(f.f_seniority), ln(f.f_size), least(greatest(f.w_industry, -ln(2)), ln(2)),
                      least(greatest(f.w_country, -ln(2)), ln(2))] end as moves
    from features f, value_model m, typical t, neutral n
),

paths as (
    -- the value after each feature: learned, a typical deal x the chance of winning after the features so
    -- far over the chance before any; cold start, 10 x the factors so far. BANT answers and filled fields
    -- nudge it only without history: with it, the deals decide (BANT answers stay in the stage).
    select lead_id, list_concat(
               [{'code': 'value_base', 'points': p[1]}],
               list_transform(range(1, 5), lambda k: {
                   'code': ['seniority_' || seniority, 'size_' || size_band, 'industry_' || industry_key,
                            'country_' || country][k],
                   'points': p[k + 1]}),
               [{'code': 'bant', 'points': p[5] * bant},
                {'code': 'fields_' || filled_fields, 'points': p[5] * bant * complete}]) as path
    from (
        select *, case when learned then 1.0 else f_bant end as bant,
               case when learned then 1.0 else f_complete end as complete,
               list_transform(range(0, 5), lambda k: case
                   when learned then typical * (1 + exp(-neutral)) / (1 + exp(-(neutral + coalesce(list_sum(moves[1:k]), 0))))
                   else 10 * exp(coalesce(list_sum(moves[1:k]), 0)) end) as p
        from moves
    )
),

steps as (
    -- each step's contribution: the rounded value after it less the rounded value before it
    select lead_id,
           list_transform(range(1, len(path) + 1), lambda i: {
               'code': path[i].code,
               'contribution': round(path[i].points, 2) - coalesce(round(path[i - 1].points, 2), 0)
           }) as value_steps,
           round(path[-1].points, 2) as value_points
    from paths
),

final as (
    select lead_id, value_points, value_steps,
           list_transform(list_filter(value_steps, lambda s: s.contribution <> 0 or s.code = 'value_base'),
                          lambda s: s.code || ':' || printf('%+.2f', s.contribution)) as value_reasons
    from steps
)

select * from final
