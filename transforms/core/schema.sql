-- The lead store's kept tables: what survives from one run to the next. Every other table is a working
-- table, rebuilt each run by its model (`<stage>/sql/NN_<table>.sql`, grain at its top) or by the stage
-- that loads it. Three models are kept as caches besides: `dnc_numbers`, `crm_history` and `customers`
-- are reused while their lists and the code that reads them are unchanged (`suppression_loads`).

-- ---------------------------------------------------------------- runs and ids
create table if not exists runs (               -- grain: run_id; one row per published run
    run_id varchar primary key, started_at timestamp, finished_at timestamp, as_of date,
    command varchar, summary json,              -- summary: the run's run_summary.json
    out_dir varchar                             -- where it published (`forget` scrubs the files there)
);
alter table runs add column if not exists out_dir varchar;
create table if not exists lead_registry (      -- grain: lead_id; an id once issued is never removed
    lead_id varchar primary key, issued_run_id varchar, issued_at timestamp,
    delivered_run_id varchar, delivered_at timestamp,
    recalled_run_id varchar, recalled_at timestamp,  -- the run whose recall.csv took it back
    merged_into varchar,                             -- `review apply` merged it into this lead
    forgotten_at timestamp                           -- `forget` erased the person
);
alter table lead_registry add column if not exists recalled_run_id varchar;  -- stores from before recall.csv
alter table lead_registry add column if not exists recalled_at timestamp;
alter table lead_registry add column if not exists merged_into varchar;  -- a person's decision merged it there
alter table lead_registry add column if not exists forgotten_at timestamp;
create table if not exists lead_keys (          -- grain: key; which lead a match key belongs to
    key varchar, lead_id varchar, run_id varchar   -- unique by construction (matching.py inserts only new keys);
);                                                 -- no index: building one cost 4 s a million keys
create table if not exists source_files (       -- grain: (source_file, run_id); every file a run read
    source_file varchar, sha256 varchar, run_id varchar, source varchar, kind varchar,
    cost_per_lead double, default_country varchar, rows bigint, read_at timestamp
);

-- ---------------------------------------------------------------- who is who, across runs
create table if not exists lead_members (       -- grain: (row_id, run_id); every staged row and its lead:
    row_id hugeint, source_file varchar, source_row bigint, country varchar,   -- stg_leads' columns, then
    honorific varchar, first_name varchar, last_name varchar, name_key varchar, first_key varchar,  -- lead_id
    company varchar, legal_form varchar, company_key varchar, job_title varchar,                    -- and run_id
    phone_raw varchar, phone_e164 varchar, phone_valid boolean, phone_kind varchar,
    mobile_raw varchar, mobile_e164 varchar, mobile_valid boolean, mobile_kind varchar,
    email_raw varchar, email varchar, email_valid boolean, email_disposable boolean, email_role boolean,
    email_placeholder boolean, email_domain varchar,
    address varchar, city varchar, postcode varchar, region varchar,
    employees varchar, industry varchar, budget varchar, timeline varchar, contract_end date,
    dob_raw varchar, dob date, has_opt_out boolean, notes varchar, extras varchar,
    row_problem varchar, quarantine_reason varchar,
    lead_id varchar, run_id varchar
);
create table if not exists member_features (    -- grain: (row_id, run_id); the matcher's features of a member
    run_id varchar, row_id hugeint, source_file varchar, source_row bigint,      -- row (match/sql/splink/
    first_key varchar, last_key varchar, name_key varchar, generation varchar,  -- row_features.sql), so that
    email varchar, email_local varchar, email_domain varchar, company_key varchar,  -- a new row is compared
    city varchar, postcode varchar, address_key varchar, street_key varchar,        -- with the store's leads
    dob date, dob_text varchar, dob_swap varchar, dob_days bigint, country varchar,
    p1 varchar, p2 varchar, first_forms varchar[],
    surname_first boolean                        -- its file writes the surname first: first and last turned round
);
create table if not exists member_feature_runs (  -- grain: run_id; runs whose members' features are in
    run_id varchar
);
create table if not exists matcher_models (     -- grain: run_id; the parameters a run learnt from its list (m and
    run_id varchar, learnt_at timestamp, rows bigint,  -- u of each comparison level, the share of matching pairs: no
    comparisons varchar, settings json             -- personal data), for a later run of few new rows to score with;
);                                                 -- comparisons: a digest of what they are of (`probabilistic.py`)
create table if not exists pair_evidence (      -- grain: (run_id, source row l, source row r); the scored
    run_id varchar, lead_id_l varchar, source_file_l varchar, source_row_l bigint,  -- pairs, for `explain`
    lead_id_r varchar, source_file_r varchar, source_row_r bigint,
    match_probability double, match_weight double, evidence varchar
);

-- ---------------------------------------------------------------- what people decided (`review apply`, `split`)
create table if not exists review_decisions (   -- grain: (row l, row r), l < r; a person's word on a row pair,
    source_file_l varchar, source_row_l bigint,  -- honoured over keys and model by every later run: same
    source_file_r varchar, source_row_r bigint,  -- (must-link) or different (cannot-link)
    decision varchar, match_probability double,  -- the model's probability when it was decided, if known
    origin varchar, decided_at timestamp         -- origin: review (a decisions file) or split
);
create table if not exists lead_pins (          -- grain: (source_file, source_row); a row a person put in a
    source_file varchar, source_row bigint, lead_id varchar, pinned_at timestamp  -- lead: it goes there again
);

create table if not exists forgotten (          -- grain: (kind, digest); people erased by `forget`: only an
    kind varchar, digest varchar, forgotten_at timestamp  -- HMAC of each e-mail and phone (kind), keyed outside
);                                                          -- the store, which every run checks its rows against

-- ---------------------------------------------------------------- what each run delivered
create table if not exists lead_snapshots (     -- grain: (run_id, lead_id); a lead's golden record, scores
    run_id varchar, lead_id varchar, first_name varchar, last_name varchar, company varchar,  -- and where it
    job_title varchar, phone varchar, email varchar, country varchar, sources varchar,        -- went
    tier varchar, stage varchar, priority_score double, value_score double, junk_score double, reasons varchar,
    disposition varchar, reason varchar, recontact_on date
);
create table if not exists provenance_history ( -- grain: (run_id, lead_id, field); lead_provenance of each run
    run_id varchar, lead_id varchar, field varchar, value varchar, source_file varchar, source_row bigint,
    source_run_id varchar, votes bigint, candidates bigint, rule varchar
);
create table if not exists validation_results ( -- grain: (run_id, suite); each gate's result, without personal data
    run_id varchar, suite varchar, success boolean, result json, checked_at timestamp default now()
);

-- ---------------------------------------------------------------- suppression lists, read once
create table if not exists suppression_loads (  -- grain: target; the fingerprint (lists + reading code) a
    target varchar, fingerprint varchar, info json  -- cached table was built from, and what its load returned
);
create table if not exists dnc_readings (       -- grain: (raw, country); every DNC cell as read in a country;
    raw varchar, country varchar, e164 varchar, national varchar  -- dropped when the reading code changes
);
