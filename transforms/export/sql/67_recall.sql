-- recall: one row per lead an earlier run delivered that must no longer be called (grain: lead_id): this
-- run sets it aside (a do-not-call list, an opt-out, now a customer), or a number of any of its stored rows
-- is on a do-not-call list read now, whether or not the lead came back in this run's lists, or `forget`
-- erased the person (then only the lead id is left to name them). A lead is recalled once: the run that
-- publishes the recall marks it in lead_registry.
with delivered as (
    select lead_id, delivered_at, forgotten_at from lead_registry
    where delivered_run_id is not null and delivered_run_id <> $run_id and recalled_run_id is null
),

set_aside as (
    select lead_id, reason, dnc_list from lead_dispositions
    where disposition = 'do_not_call' and reason <> 'dnc_stale'  -- held back until the register is read again
),

stored_hits as (  -- the numbers of every stored row of a delivered lead, against the lists read now
    select m.lead_id, min(n.list_name) as dnc_list
    from (select lead_id, unnest([phone_e164, mobile_e164]) as e164
          from lead_members semi join delivered using (lead_id)) m
    join dnc_numbers n using (e164)
    group by m.lead_id
),

contacts as (  -- the lead as it was last delivered
    select * from lead_snapshots
    qualify row_number() over (partition by lead_id order by run_id desc) = 1
),

final as (
    select d.lead_id, case when d.forgotten_at is not null then 'forgotten' else coalesce(s.reason, 'dnc') end
               as reason,
           coalesce(s.dnc_list, h.dnc_list) as dnc_list,
           d.delivered_at::date as delivered_on,
           c.first_name, c.last_name, c.company, c.job_title, c.phone, c.email, c.country, c.sources
    from delivered d
    left join set_aside s using (lead_id)
    left join stored_hits h using (lead_id)
    left join contacts c using (lead_id)
    where s.lead_id is not null or h.lead_id is not null or d.forgotten_at is not null
)

select * from final order by reason, lead_id
