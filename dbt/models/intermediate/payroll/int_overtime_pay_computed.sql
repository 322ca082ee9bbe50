{#-
  Overtime pay per employee and month (Labour Law art. 44): the hourly rate is the contract's monthly
  base / 21.75 / 8; minutes are paid at 150% on workdays, 200% on rest days, 300% on statutory holidays.
-#}
with attendance as (
    select * from {{ ref('fct_attendance_daily') }}
),

employments as (
    select * from {{ ref('int_employments_joined') }}
),

monthly as (
    select
        attendance.employee_id,
        cast(date_trunc('month', attendance.work_date) as date) as pay_month,
        cast(sum(attendance.overtime_minutes) filter (where attendance.day_type = 'workday') as integer)
            as workday_overtime_minutes,
        cast(sum(attendance.overtime_minutes) filter (where attendance.day_type = 'rest_day') as integer)
            as rest_day_overtime_minutes,
        cast(sum(attendance.overtime_minutes) filter (where attendance.day_type = 'holiday') as integer)
            as holiday_overtime_minutes
    from attendance
    group by attendance.employee_id, cast(date_trunc('month', attendance.work_date) as date)
),

final as (
    select
        monthly.employee_id,
        monthly.pay_month,
        coalesce(monthly.workday_overtime_minutes, 0) as workday_overtime_minutes,
        coalesce(monthly.rest_day_overtime_minutes, 0) as rest_day_overtime_minutes,
        coalesce(monthly.holiday_overtime_minutes, 0) as holiday_overtime_minutes,
        {{ yuan(
            'employments.contract_base_yuan / 21.75 / 8 / 60 * (
                1.5 * coalesce(monthly.workday_overtime_minutes, 0)
                + 2.0 * coalesce(monthly.rest_day_overtime_minutes, 0)
                + 3.0 * coalesce(monthly.holiday_overtime_minutes, 0)
            )'
        ) }} as overtime_pay_yuan
    from monthly
    inner join employments on monthly.employee_id = employments.employee_id
)

select * from final
