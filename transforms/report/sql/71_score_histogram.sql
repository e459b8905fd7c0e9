-- score_histogram: how this run's leads spread over each score (grain: score, bin, tier), for the
-- report and the notebook. junk_score is cut in tenths; value_score and priority_score are long-tailed,
-- so they are cut on a 1-2-5 scale (0-1, 1-2, 2-5, 5-10, 10-20 ...). Every bin between a score's
-- lowest and highest is listed for every tier, empty ones with 0 leads, so a chart needs no gap filling.
with scores as (
    select tier, priority_score, value_score, junk_score from lead_scores
),

long as (
    unpivot scores on priority_score, value_score, junk_score into name score value x
),

binned as (
    select score, tier,
        case when score = 'junk_score' then least(floor(x * 10), 9)::int
             when x < 1 then 0
             else (1 + 3 * floor(log10(x)) + case when x / 10 ** floor(log10(x)) < 2 then 0
                                                 when x / 10 ** floor(log10(x)) < 5 then 1 else 2 end)::int
        end as bin
    from long
    where x is not null
),

bin_range as (
    select score,
           case when score = 'junk_score' then 0 else min(bin) end as first_bin,
           case when score = 'junk_score' then 9 else max(bin) end as last_bin
    from binned group by score
),

bins as (
    select r.score, b.bin
    from bin_range r, unnest(range(r.first_bin, r.last_bin + 1)) as b(bin)
),

edges as (
    select score, bin,
        case when score = 'junk_score' then bin / 10
             when bin = 0 then 0
             else 10 ** ((bin - 1) // 3) * [1, 2, 5][(bin - 1) % 3 + 1] end as bin_low,
        case when score = 'junk_score' then (bin + 1) / 10
             else 10 ** (bin // 3) * [1, 2, 5][bin % 3 + 1] end as bin_high
    from bins
),

tiers as (
    select distinct tier from lead_scores
),

final as (
    select e.score, e.bin, e.bin_low, e.bin_high, t.tier, count(b.bin) as leads
    from edges e cross join tiers t
    left join binned b on b.score = e.score and b.bin = e.bin and b.tier = t.tier
    group by all
)

select * from final order by score, bin, tier
