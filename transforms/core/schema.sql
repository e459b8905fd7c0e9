-- Persistent tables of the lead store; working tables are rebuilt by the models each run.
create table if not exists runs (
    run_id varchar primary key, started_at timestamp, finished_at timestamp, as_of date,
    command varchar, summary json
);
create table if not exists lead_registry (      -- grain: lead_id; an id once issued is never removed
    lead_id varchar primary key, issued_run_id varchar, issued_at timestamp,
    delivered_run_id varchar, delivered_at timestamp
);
create table if not exists lead_keys (          -- grain: key; which lead a match key belongs to
    key varchar, lead_id varchar, run_id varchar   -- unique by construction (matching.py inserts only new keys);
);                                                 -- no index: building one cost 4 s a million keys
create table if not exists source_files (       -- grain: (source_file, run_id); every file a run read
    source_file varchar, sha256 varchar, run_id varchar, source varchar, kind varchar,
    cost_per_lead double, default_country varchar, rows bigint, read_at timestamp
);
