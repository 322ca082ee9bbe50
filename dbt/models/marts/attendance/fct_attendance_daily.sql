{#- One row per employee and work date with a rostered shift (a night shift counts on its start date). -#}
with shifts as (
    select * from {{ ref('int_shifts_matched_to_punches') }}
),

final as (
    select
        employee_id,
        work_date,
        any_value(day_type) as day_type,
        arg_min(shift_code, planned_start_at) as shift_code,
        bool_or(is_night_shift) as is_night_shift,
        cast(sum(scheduled_minutes) as integer) as scheduled_minutes,
        cast(sum(worked_minutes) as integer) as worked_minutes,
        cast(sum(late_minutes) as integer) as late_minutes,
        bool_and(is_absent) as is_absent,
        cast(sum(overtime_minutes) as integer) as overtime_minutes
    from shifts
    group by employee_id, work_date
)

select * from final
