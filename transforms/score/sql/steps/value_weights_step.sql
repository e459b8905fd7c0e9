-- One Newton step of the value model's logistic regression for one feature ($feature), in every fit at
-- once: each value's weight moves by (sum of y - p  -  penalty x weight) / (sum of p(1 - p) + penalty)
-- over the fit's deals that have the value. A deal has one value per feature, so the feature's weights
-- are separate coordinates and this step is exact Newton for them given the others (L2 penalty
-- $penalty, none on the intercept). Cycling the features converges to the regularised fit.
with long as (
    select crm_row, fold, outcome = 'won' as won, feature, value
    from crm_features
    unpivot (value for feature in (seniority, size_band, industry_key, country))
    union all
    select crm_row, fold, outcome = 'won', 'intercept', '' from crm_features
),

deal_weights as (
    select w.fit, l.crm_row, l.won, l.feature, l.value, w.weight
    from long l join value_weights w on w.fit <> l.fold and w.feature = l.feature and w.value = l.value
),

chance as (
    select fit, crm_row, any_value(won)::int as y, 1 / (1 + exp(-sum(weight))) as p
    from deal_weights
    group by fit, crm_row
),

newton as (
    select d.fit, d.value, sum(c.y - c.p) as gradient, sum(c.p * (1 - c.p)) as curvature
    from deal_weights d join chance c using (fit, crm_row)
    where d.feature = $feature
    group by all
)

update value_weights w
set weight = w.weight + (n.gradient - $penalty * w.weight) / (n.curvature + $penalty)
from newton n
where w.fit = n.fit and w.feature = $feature and w.value = n.value
