with source as (
    select * from {{ latest_snapshot('hris', 'leave_records') }}
),

final as (
    select
        leave_id,
        employee_id,
        leave_type,
        leave_type_zh,
        {{ iso_date('start_date') }} as start_date,
        {{ iso_date('end_date') }} as end_date,
        try_cast(days as integer) as leave_days,
        try_cast(hours as decimal(8, 2)) as leave_hours,
        status as leave_status
    from source
    qualify row_number() over (partition by leave_id order by leave_id) = 1
)

select * from final
