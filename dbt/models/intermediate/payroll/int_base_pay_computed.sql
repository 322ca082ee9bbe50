{#-
  Base and performance pay per employee, month and pay scenario.
  Probation pay (Labour Contract Law art. 20) = the greatest of: contract base x probation rate (the
  scenario's, else the contract's; never under 80%), the post's lowest grade, the city minimum wage.
  The month is prorated by PRC-calendar workdays: probation workdays at the probation pay, the other
  employed workdays at the contract base. Performance pay = base pay x coefficient x the scenario's
  performance_pay_ratio.
-#}
with employee_months as (
    select * from {{ ref('int_employee_months_prorated') }}
),

coefficients as (
    select * from {{ ref('int_performance_coefficients_assigned') }}
),

scenarios as (
    select * from {{ ref('pay_scenarios') }}
),

priced as (
    select
        employee_months.employee_id,
        employee_months.pay_month,
        scenarios.scenario_id,
        scenarios.is_baseline,
        scenarios.performance_pay_ratio,
        employee_months.is_probation,
        employee_months.contract_base_yuan,
        employee_months.month_workdays,
        employee_months.employed_workdays,
        employee_months.probation_workdays,
        coefficients.performance_coefficient,
        {{ yuan(
            'greatest(
                employee_months.contract_base_yuan
                    * greatest(coalesce(scenarios.probation_pay_rate, employee_months.probation_pay_rate), 0.80),
                coalesce(employee_months.lowest_grade_base_yuan, 0),
                coalesce(employee_months.minimum_wage_yuan, 0)
            )'
        ) }} as probation_monthly_pay_yuan
    from employee_months
    cross join scenarios
    left join coefficients
        on employee_months.employee_id = coefficients.employee_id
       and employee_months.pay_month = coefficients.pay_month
),

base_pay as (
    select
        *,
        {{ yuan(
            '(contract_base_yuan * (employed_workdays - probation_workdays)
              + probation_monthly_pay_yuan * probation_workdays) / nullif(month_workdays, 0)'
        ) }} as base_pay_yuan
    from priced
),

final as (
    select
        *,
        {{ yuan('base_pay_yuan * performance_coefficient * performance_pay_ratio') }} as performance_pay_yuan
    from base_pay
)

select * from final
