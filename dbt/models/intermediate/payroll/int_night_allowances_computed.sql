{#-
  Night shifts worked (not absent) per employee, month and pay scenario, priced by the HRIS allowance
  rules: a department's own rule for the shift code wins over the every-department ('*') rule; a
  scenario may override a department's amount (seed pay_scenario_night_allowances).
-#}
with attendance as (
    select * from {{ ref('fct_attendance_daily') }}
),

employments as (
    select * from {{ ref('int_employments_joined') }}
),

allowance_rules as (
    select * from {{ ref('stg_hris__allowance_rules') }}
    where allowance_code = 'night_shift' and allowance_unit = 'per_night_shift'
),

scenarios as (
    select * from {{ ref('pay_scenarios') }}
),

scenario_overrides as (
    select * from {{ ref('pay_scenario_night_allowances') }}
),

rule_shift_codes as (
    select
        department_id,
        applies_to_every_department,
        amount_yuan,
        unnest(shift_codes) as shift_code
    from allowance_rules
),

night_shifts as (
    select
        attendance.employee_id,
        cast(date_trunc('month', attendance.work_date) as date) as pay_month,
        employments.department_id,
        coalesce(department_rules.amount_yuan, hospital_rules.amount_yuan) as rule_amount_yuan
    from attendance
    inner join employments on attendance.employee_id = employments.employee_id
    left join rule_shift_codes as department_rules
        on attendance.shift_code = department_rules.shift_code
       and employments.department_id = department_rules.department_id
       and not department_rules.applies_to_every_department
    left join rule_shift_codes as hospital_rules
        on attendance.shift_code = hospital_rules.shift_code
       and hospital_rules.applies_to_every_department
    where attendance.is_night_shift and not attendance.is_absent
),

priced as (
    select
        night_shifts.employee_id,
        night_shifts.pay_month,
        scenarios.scenario_id,
        case
            when night_shifts.rule_amount_yuan is null then 0
            else coalesce(scenario_overrides.night_allowance_yuan, night_shifts.rule_amount_yuan)
        end as allowance_yuan
    from night_shifts
    cross join scenarios
    left join scenario_overrides
        on scenarios.scenario_id = scenario_overrides.scenario_id
       and night_shifts.department_id = scenario_overrides.department_id
),

final as (
    select
        employee_id,
        pay_month,
        scenario_id,
        cast(count(*) as integer) as night_shift_count,
        {{ yuan('sum(allowance_yuan)') }} as night_allowance_yuan
    from priced
    group by employee_id, pay_month, scenario_id
)

select * from final
