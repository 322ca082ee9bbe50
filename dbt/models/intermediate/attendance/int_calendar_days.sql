{#- Every day of the years the holiday seed covers, with its day type (Labour Law art. 44 pay classes). -#}
with holidays as (
    select * from {{ ref('prc_holiday_calendar') }}
),

covered_years as (
    select
        min(year(calendar_date)) as first_year,
        max(year(calendar_date)) as last_year
    from holidays
),

spine as (
    select
        cast(unnest(generate_series(
            make_date(first_year, 1, 1), make_date(last_year, 12, 31), interval 1 day
        )) as date) as calendar_date
    from covered_years
),

final as (
    select
        spine.calendar_date,
        coalesce(
            holidays.day_type,
            case when isodow(spine.calendar_date) in (6, 7) then 'rest_day' else 'workday' end
        ) as day_type,
        coalesce(holidays.is_makeup_workday, false) as is_makeup_workday,
        holidays.holiday_name_zh,
        holidays.holiday_name_en
    from spine
    left join holidays on spine.calendar_date = holidays.calendar_date
)

select * from final
