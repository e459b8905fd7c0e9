"""Score: junk, value, priority, tier and stage for every lead, then where each lead goes (all of it SQL)."""
