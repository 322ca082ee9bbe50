{#-
  Individual income tax by the cumulative withholding method, per employee and month (baseline pay):
    ytd taxable = ytd gross - basic deduction x months - ytd social insurance and housing fund
                  - ytd special deductions (never below 0);
    ytd tax due = ytd taxable x rate - quick deduction (annual brackets);
    withheld this month = ytd tax due - tax already withheld, never negative (no refund within the year),
  so the tax withheld to date is the running maximum of the tax due to date.
-#}
with gross as (
    select * from {{ ref('int_payslips_gross_computed') }}
    where is_baseline
),

deductions as (
    select * from {{ ref('int_payslip_deductions_computed') }}
),

brackets as (
    select * from {{ iit_annual_brackets() }}
),

joined as (
    select
        gross.employee_id,
        gross.pay_month,
        gross.gross_pay_yuan,
        deductions.social_insurance_yuan + deductions.housing_fund_yuan as contributions_yuan,
        deductions.special_deduction_yuan,
        deductions.basic_deduction_yuan
    from gross
    inner join deductions
        on gross.employee_id = deductions.employee_id
       and gross.pay_month = deductions.pay_month
),

year_to_date as (
    select
        *,
        cast(greatest(
            sum(gross_pay_yuan) over tax_year
            - sum(basic_deduction_yuan) over tax_year
            - sum(contributions_yuan) over tax_year
            - sum(special_deduction_yuan) over tax_year,
            0
        ) as decimal(14, 2)) as ytd_taxable_income_yuan
    from joined
    window tax_year as (
        partition by employee_id, year(pay_month) order by pay_month
        rows between unbounded preceding and current row
    )
),

tax_due as (
    select
        year_to_date.*,
        coalesce(
            {{ yuan('year_to_date.ytd_taxable_income_yuan * brackets.rate - brackets.quick_deduction_yuan') }},
            0
        ) as ytd_tax_due_yuan
    from year_to_date
    left join brackets
        on year_to_date.ytd_taxable_income_yuan > brackets.lower_bound_yuan
       and (brackets.upper_bound_yuan is null or year_to_date.ytd_taxable_income_yuan <= brackets.upper_bound_yuan)
),

withheld as (
    select
        *,
        cast(max(ytd_tax_due_yuan) over (
            partition by employee_id, year(pay_month) order by pay_month
            rows between unbounded preceding and current row
        ) as decimal(14, 2)) as ytd_tax_yuan
    from tax_due
),

final as (
    select
        employee_id,
        pay_month,
        ytd_taxable_income_yuan,
        ytd_tax_yuan,
        cast(
            ytd_tax_yuan - coalesce(
                lag(ytd_tax_yuan) over (partition by employee_id, year(pay_month) order by pay_month), 0
            ) as decimal(14, 2)
        ) as income_tax_yuan
    from withheld
)

select * from final
