with source as (
    select * from {{ latest_snapshot('hris', 'shift_types') }}
),

final as (
    select
        shift_code,
        name_zh,
        name_en,
        try_cast(start_time as time) as start_time,
        try_cast(duration_minutes as integer) as duration_minutes,
        try_cast(paid_hours as decimal(5, 2)) as paid_hours,
        {{ text_bool('crosses_midnight') }} as crosses_midnight
    from source
    qualify row_number() over (partition by shift_code order by shift_code) = 1
)

select * from final
