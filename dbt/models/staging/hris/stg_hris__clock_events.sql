with source as (
    select * from {{ latest_snapshot('hris', 'clock_events') }}
),

final as (
    select
        try_cast(event_id as bigint) as clock_event_id,
        employee_id,
        try_cast(shift_id as bigint) as shift_id,
        {{ iso_timestamp('event_at') }} as punched_at,
        direction as punch_direction,
        device_id
    from source
    qualify row_number() over (partition by event_id order by event_id) = 1
)

select * from final
