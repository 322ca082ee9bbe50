{#-
  Candidates' deletion requests (Illinois AI Video Interview Act: within 30 days, copies included): due
  var deletion_due_days (30) days after the request. A legal hold in force on the candidate overrides
  the request: it is blocked, says why in blocked_reason, and is not overdue while the hold lasts.
  is_overdue: not blocked, and still open after due_at or completed after it. Reference time: the end of
  var compliance_as_of_date, else now.
-#}
{%- set as_of = var('compliance_as_of_date', none) -%}
with requests as (
    select * from {{ ref('stg_lake__deletion_requests') }}
),

completions as (
    select * from {{ ref('stg_lake__deletion_completions') }}
),

holds as (
    select * from {{ ref('stg_lake__legal_holds') }}
),

reference_time as (
    select
        {% if as_of %}cast(date '{{ as_of }}' + interval 1 day as timestamp with time zone){% else %}now(){% endif %}
            as as_of_at
),

holds_in_force as (
    select
        holds.candidate_id,
        holds.recorded_at as hold_since,
        holds.hold_reason,
        holds.placed_by
    from holds
    cross join reference_time
    where holds.recorded_at <= reference_time.as_of_at
    qualify row_number() over (
        partition by holds.candidate_id order by holds.recorded_at desc, holds.event_id desc
    ) = 1
        and not holds.is_release
),

completed as (
    select
        request_id,
        min(completed_at) as completed_at
    from completions
    group by request_id
),

timed as (
    select
        requests.request_id,
        requests.candidate_id,
        requests.requested_at,
        requests.requested_at + to_days({{ var('deletion_due_days') }}) as due_at,
        completed.completed_at,
        holds_in_force.candidate_id is not null and completed.completed_at is null as is_blocked_by_legal_hold,
        holds_in_force.hold_since,
        holds_in_force.hold_reason,
        holds_in_force.placed_by,
        reference_time.as_of_at
    from requests
    cross join reference_time
    left join completed on requests.request_id = completed.request_id
    left join holds_in_force on requests.candidate_id = holds_in_force.candidate_id
),

final as (
    select
        request_id,
        candidate_id,
        requested_at,
        due_at,
        completed_at,
        not is_blocked_by_legal_hold and coalesce(completed_at, as_of_at) > due_at as is_overdue,
        is_blocked_by_legal_hold,
        case
            when is_blocked_by_legal_hold
                then 'legal hold since ' || strftime(hold_since, '%Y-%m-%d') || ' by ' || placed_by
                    || ': ' || hold_reason || ' (deletion suspended until the hold is released)'
        end as blocked_reason,
        case
            when completed_at is not null then 'completed'
            when is_blocked_by_legal_hold then 'blocked'
            when as_of_at > due_at then 'overdue'
            else 'open'
        end as request_status,
        as_of_at
    from timed
)

select * from final
