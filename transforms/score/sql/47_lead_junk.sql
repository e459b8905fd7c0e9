-- lead_junk: one row per lead of this run (grain: lead_id): how likely the lead is fake or unusable.
-- junk_score combines independent junk signals as a noisy-or, 1 - prod(1 - w), plus a prior for
-- the lead's source: the share of that source's leads that look like junk in this very run.
-- junk_parts keeps each signal that fired with its weight, for the reasons and `explain`.
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

final as (
    select b.lead_id, b.parts as junk_parts, r.source_junk_rate,
           1 - (1 - b.junk_base) * (1 - 0.5 * r.source_junk_rate * r.source_junk_rate) as junk_score
    from base_junk b join lead_source_rate r using (lead_id)
)

select * from final
