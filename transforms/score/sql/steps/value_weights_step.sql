-- One Newton step of the value model's logistic regression for one feature ($feature), in every fit at
-- once: each value's weight moves by (sum of y - p  -  penalty x weight) / (sum of p(1 - p) + penalty)
-- over the fit's deals that have the value (a pattern of deals counts as many). A deal has one value per feature, so the feature's weights
-- are separate coordinates and this step is exact Newton for them given the others (L2 penalty
-- $penalty, none on the intercept). Cycling the features converges to the regularised fit.
with pattern_weights as (
    select w.fit, d.pattern, d.won_n, d.lost_n, d.feature, d.value, w.weight
    from crm_features d join value_weights w on w.fit <> d.fold and w.feature = d.feature and w.value = d.value
),

chance as (
    select fit, pattern, any_value(won_n) as won_n, any_value(won_n + lost_n) as deals,
           1 / (1 + exp(-sum(weight))) as p
    from pattern_weights
    group by fit, pattern
),

newton as (
    select w.fit, w.value, sum(c.won_n - c.deals * c.p) as gradient, sum(c.deals * c.p * (1 - c.p)) as curvature
    from pattern_weights w join chance c using (fit, pattern)
    where w.feature = $feature
    group by all
)

update value_weights w
set weight = w.weight + (n.gradient - $penalty * w.weight) / (n.curvature + $penalty)
from newton n
where w.fit = n.fit and w.feature = $feature and w.value = n.value
