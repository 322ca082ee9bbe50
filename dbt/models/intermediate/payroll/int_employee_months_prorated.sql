{#-
  One row per employee and pay month of the attendance period, from the hire month on, with the
  workdays (PRC calendar) that prorate the month: employed, and of those, in probation.
-#}
with employments as (
    select * from {{ ref('int_employments_joined') }}
),

attendance as (
    select * from {{ ref('fct_attendance_daily') }}
),

calendar_days as (
    select * from {{ ref('int_calendar_days') }}
),

city as (
    select * from {{ ref('int_city_pay_settings') }}
),

pay_months as (
    select distinct cast(date_trunc('month', work_date) as date) as pay_month
    from attendance
),

employee_months as (
    select
        employments.*,
        pay_months.pay_month,
        last_day(pay_months.pay_month) as month_end_date
    from employments
    inner join pay_months on employments.hire_date <= last_day(pay_months.pay_month)
),

workdays as (
    select
        employee_months.employee_id,
        employee_months.pay_month,
        count(*) filter (where calendar_days.day_type = 'workday') as month_workdays,
        count(*) filter (
            where calendar_days.day_type = 'workday' and calendar_days.calendar_date >= employee_months.hire_date
        ) as employed_workdays,
        count(*) filter (
            where calendar_days.day_type = 'workday'
              and calendar_days.calendar_date >= employee_months.hire_date
              and calendar_days.calendar_date <= employee_months.probation_end_date
        ) as probation_workdays
    from employee_months
    inner join calendar_days
        on calendar_days.calendar_date between employee_months.pay_month and employee_months.month_end_date
    group by employee_months.employee_id, employee_months.pay_month
),

final as (
    select
        employee_months.employee_id,
        employee_months.candidate_id,
        employee_months.pay_month,
        employee_months.month_end_date,
        employee_months.department_id,
        employee_months.grade_code,
        employee_months.hire_date,
        employee_months.probation_end_date,
        cast(coalesce(workdays.probation_workdays, 0) > 0 as boolean) as is_probation,
        employee_months.contract_base_yuan,
        employee_months.probation_pay_rate,
        employee_months.lowest_grade_base_yuan,
        city.minimum_wage_yuan,
        employee_months.starting_performance_coefficient,
        employee_months.contract_performance_coefficient,
        cast(coalesce(workdays.month_workdays, 0) as integer) as month_workdays,
        cast(coalesce(workdays.employed_workdays, 0) as integer) as employed_workdays,
        cast(coalesce(workdays.probation_workdays, 0) as integer) as probation_workdays
    from employee_months
    left join workdays
        on employee_months.employee_id = workdays.employee_id
       and employee_months.pay_month = workdays.pay_month
    cross join city
)

select * from final
