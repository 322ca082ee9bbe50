with source as (
    select * from {{ latest_snapshot('hris', 'calendar') }}
),

final as (
    select
        {{ iso_date('calendar_date') }} as calendar_date,
        day_type,
        {{ text_bool('is_makeup_workday') }} as is_makeup_workday,
        holiday_name_zh,
        holiday_name_en,
        source as calendar_source
    from source
    qualify row_number() over (partition by calendar_date order by calendar_date) = 1
)

select * from final
