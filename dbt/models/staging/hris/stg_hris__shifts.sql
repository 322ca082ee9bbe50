with source as (
    select * from {{ latest_snapshot('hris', 'shifts') }}
),

final as (
    select
        try_cast(shift_id as bigint) as shift_id,
        employee_id,
        {{ iso_date('shift_date') }} as shift_date,
        shift_code,
        {{ iso_timestamp('planned_start_at') }} as planned_start_at,
        {{ iso_timestamp('planned_end_at') }} as planned_end_at
    from source
    qualify row_number() over (partition by shift_id order by shift_id) = 1
)

select * from final
