{#- Gross pay per employee, month and pay scenario: base + performance + night allowance + overtime. -#}
with base_pay as (
    select * from {{ ref('int_base_pay_computed') }}
),

night_allowances as (
    select * from {{ ref('int_night_allowances_computed') }}
),

overtime as (
    select * from {{ ref('int_overtime_pay_computed') }}
),

final as (
    select
        base_pay.employee_id,
        base_pay.pay_month,
        base_pay.scenario_id,
        base_pay.is_baseline,
        base_pay.is_probation,
        base_pay.contract_base_yuan,
        base_pay.probation_monthly_pay_yuan,
        base_pay.base_pay_yuan,
        base_pay.performance_coefficient,
        base_pay.performance_pay_yuan,
        coalesce(night_allowances.night_shift_count, 0) as night_shift_count,
        coalesce(night_allowances.night_allowance_yuan, 0) as night_allowance_yuan,
        coalesce(overtime.overtime_pay_yuan, 0) as overtime_pay_yuan,
        cast(
            base_pay.base_pay_yuan + base_pay.performance_pay_yuan
            + coalesce(night_allowances.night_allowance_yuan, 0) + coalesce(overtime.overtime_pay_yuan, 0)
            as decimal(14, 2)
        ) as gross_pay_yuan
    from base_pay
    left join night_allowances
        on base_pay.employee_id = night_allowances.employee_id
       and base_pay.pay_month = night_allowances.pay_month
       and base_pay.scenario_id = night_allowances.scenario_id
    left join overtime
        on base_pay.employee_id = overtime.employee_id
       and base_pay.pay_month = overtime.pay_month
)

select * from final
