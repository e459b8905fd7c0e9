-- splink_input: this run's rows, and the stored rows that share a blocking value with one of them
-- (the only stored rows a blocking rule could pair with a new row); mirrors BLOCKING_RULES in
-- transforms/match/splink_model.py (a stored row's name parts are tried both ways round: the swap rule;
-- a stored row meets a new one on the firm when either has no name: `co` and `con`).
with features as (
    select f.* exclude (np_key, fc_key, l_key), b.* exclude (unique_id)
    from splink_features f left join splink_name_blocks b using (unique_id)
),

block_keys as (
    select unique_id, stored_lead_id is not null as stored,
           unnest(list_filter([
               'p:' || p1, 'p:' || p2, 'e:' || email_block, 'l:' || email_local_block, 'n:' || name_key_block,
               'fc:' || first_company_block, 'np:' || name_prefix_block, 'a:' || address_block, 'd:' || dob_block,
               'pc:' || postcode_block, 's:' || surname_block,
               -- the firm pairs rows only when one of them has no name (see BLOCKING_RULES)
               case when stored_lead_id is null or name_key is null then 'co:' || company_block end,
               case when stored_lead_id is not null or name_key is null then 'con:' || company_block end,
               case when stored_lead_id is null then 'sw:' || last_key || '|' || first_key
                    else 'sw:' || first_key || '|' || last_key end], lambda k: k is not null)) as k
    from features
),

wanted as (
    select distinct unique_id from block_keys
    where stored and k in (select k from block_keys where not stored)
)

select * from features
where stored_lead_id is null or unique_id in (select unique_id from wanted)
