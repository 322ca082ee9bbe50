{#- One payslip per employee and month (baseline pay rules); net = gross - deductions - tax, to the cent. -#}
with employee_months as (
    select * from {{ ref('int_employee_months_prorated') }}
),

gross as (
    select * from {{ ref('int_payslips_gross_computed') }}
    where is_baseline
),

deductions as (
    select * from {{ ref('int_payslip_deductions_computed') }}
),

tax as (
    select * from {{ ref('int_payslips_tax_withheld') }}
),

final as (
    select
        employee_months.employee_id,
        employee_months.pay_month,
        employee_months.department_id,
        employee_months.grade_code,
        employee_months.is_probation,
        cast(employee_months.contract_base_yuan as decimal(14, 2)) as contract_base_yuan,
        gross.base_pay_yuan,
        gross.performance_coefficient,
        gross.night_shift_count,
        cast(gross.night_allowance_yuan as decimal(14, 2)) as night_allowance_yuan,
        cast(gross.overtime_pay_yuan as decimal(14, 2)) as overtime_pay_yuan,
        gross.gross_pay_yuan,
        deductions.social_insurance_yuan,
        deductions.housing_fund_yuan,
        deductions.special_deduction_yuan,
        tax.ytd_taxable_income_yuan,
        tax.ytd_tax_yuan,
        tax.income_tax_yuan,
        cast(
            gross.gross_pay_yuan - deductions.social_insurance_yuan - deductions.housing_fund_yuan
            - tax.income_tax_yuan as decimal(14, 2)
        ) as net_pay_yuan
    from employee_months
    inner join gross
        on employee_months.employee_id = gross.employee_id
       and employee_months.pay_month = gross.pay_month
    inner join deductions
        on employee_months.employee_id = deductions.employee_id
       and employee_months.pay_month = deductions.pay_month
    inner join tax
        on employee_months.employee_id = tax.employee_id
       and employee_months.pay_month = tax.pay_month
)

select * from final
