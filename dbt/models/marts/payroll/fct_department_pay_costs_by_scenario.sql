{#- Pay simulation: cost per department, month and pay scenario, beside the baseline (seed pay_scenarios). -#}
with gross as (
    select * from {{ ref('int_payslips_gross_computed') }}
),

employee_months as (
    select * from {{ ref('int_employee_months_prorated') }}
),

scenarios as (
    select * from {{ ref('pay_scenarios') }}
),

department_costs as (
    select
        gross.scenario_id,
        employee_months.department_id,
        gross.pay_month,
        count(*) as headcount,
        sum(gross.base_pay_yuan) as base_pay_yuan,
        sum(gross.performance_pay_yuan) as performance_pay_yuan,
        sum(gross.night_allowance_yuan) as night_allowance_yuan,
        sum(gross.overtime_pay_yuan) as overtime_pay_yuan,
        sum(gross.gross_pay_yuan) as gross_pay_yuan
    from gross
    inner join employee_months
        on gross.employee_id = employee_months.employee_id
       and gross.pay_month = employee_months.pay_month
    group by gross.scenario_id, employee_months.department_id, gross.pay_month
),

baseline as (
    select department_costs.*
    from department_costs
    inner join scenarios on department_costs.scenario_id = scenarios.scenario_id
    where scenarios.is_baseline
),

final as (
    select
        department_costs.scenario_id,
        scenarios.description as scenario_description,
        department_costs.department_id,
        department_costs.pay_month,
        cast(department_costs.headcount as integer) as headcount,
        cast(department_costs.base_pay_yuan as decimal(16, 2)) as base_pay_yuan,
        cast(department_costs.performance_pay_yuan as decimal(16, 2)) as performance_pay_yuan,
        cast(department_costs.night_allowance_yuan as decimal(16, 2)) as night_allowance_yuan,
        cast(department_costs.overtime_pay_yuan as decimal(16, 2)) as overtime_pay_yuan,
        cast(department_costs.gross_pay_yuan as decimal(16, 2)) as gross_pay_yuan,
        cast(baseline.gross_pay_yuan as decimal(16, 2)) as baseline_gross_pay_yuan,
        cast(department_costs.gross_pay_yuan - baseline.gross_pay_yuan as decimal(16, 2))
            as gross_pay_change_yuan
    from department_costs
    inner join scenarios on department_costs.scenario_id = scenarios.scenario_id
    left join baseline
        on department_costs.department_id = baseline.department_id
       and department_costs.pay_month = baseline.pay_month
)

select * from final
