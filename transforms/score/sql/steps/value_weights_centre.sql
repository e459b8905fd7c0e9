-- Move each feature's weights to mean 0 and the intercept by as much: every deal's chance stays the same,
-- the L2 penalty only drops. The likelihood cannot tell an intercept from a shift of all of a feature's
-- weights (a deal has one value of each), and the Newton steps crawl along that direction without this.
update value_weights w
set weight = w.weight + m.shift
from (select fit, sum(mean) as shift
      from (select fit, feature, avg(weight) as mean from value_weights where feature <> 'intercept' group by all)
      group by fit) m
where w.fit = m.fit and w.feature = 'intercept';

update value_weights w
set weight = w.weight - m.mean
from (select fit, feature, avg(weight) as mean from value_weights where feature <> 'intercept' group by all) m
where w.fit = m.fit and w.feature = m.feature;
