{#-
  Employee contributions and tax allowances per employee and month. Social insurance (pension,
  medical, unemployment) and housing fund are due for a month in which the employee was employed on
  the 15th, on the contract base clamped between the city's floor and cap. Special additional
  deductions apply from their effective month within their tax year.
-#}
with employee_months as (
    select * from {{ ref('int_employee_months_prorated') }}
),

city as (
    select * from {{ ref('int_city_pay_settings') }}
),

tax_deductions as (
    select * from {{ ref('stg_hris__tax_deductions') }}
),

special_deductions as (
    select
        employee_months.employee_id,
        employee_months.pay_month,
        sum(tax_deductions.monthly_amount_yuan) as special_deduction_yuan
    from employee_months
    inner join tax_deductions
        on employee_months.employee_id = tax_deductions.employee_id
       and tax_deductions.effective_from_date <= employee_months.month_end_date
       and coalesce(tax_deductions.tax_year, year(employee_months.pay_month)) = year(employee_months.pay_month)
    group by employee_months.employee_id, employee_months.pay_month
),

bases as (
    select
        employee_months.employee_id,
        employee_months.pay_month,
        employee_months.hire_date <= employee_months.pay_month + interval 14 day as is_contributing,
        cast(least(greatest(employee_months.contract_base_yuan, city.contribution_base_floor_yuan),
            city.contribution_base_cap_yuan) as decimal(14, 2)) as contribution_base_yuan,
        city.pension_employee_rate,
        city.medical_employee_rate,
        city.unemployment_employee_rate,
        city.housing_fund_employee_rate,
        city.iit_monthly_basic_deduction_yuan
    from employee_months
    cross join city
),

final as (
    select
        bases.employee_id,
        bases.pay_month,
        bases.is_contributing,
        bases.contribution_base_yuan,
        cast(case when bases.is_contributing then
            {{ yuan('bases.contribution_base_yuan * bases.pension_employee_rate') }}
            + {{ yuan('bases.contribution_base_yuan * bases.medical_employee_rate') }}
            + {{ yuan('bases.contribution_base_yuan * bases.unemployment_employee_rate') }}
            else 0 end as decimal(14, 2)) as social_insurance_yuan,
        cast(case when bases.is_contributing then
            {{ yuan('bases.contribution_base_yuan * bases.housing_fund_employee_rate') }}
            else 0 end as decimal(14, 2)) as housing_fund_yuan,
        cast(coalesce(special_deductions.special_deduction_yuan, 0) as decimal(14, 2)) as special_deduction_yuan,
        bases.iit_monthly_basic_deduction_yuan as basic_deduction_yuan
    from bases
    left join special_deductions
        on bases.employee_id = special_deductions.employee_id
       and bases.pay_month = special_deductions.pay_month
)

select * from final
