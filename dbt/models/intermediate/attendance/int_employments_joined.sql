{#-
  One row per employee: the contract in force (latest start), its grade's pay, the post's lowest grade,
  and probation per Labour Contract Law art. 19 (the agreed months, never above the legal maximum).
-#}
with employees as (
    select * from {{ ref('stg_hris__employees') }}
    where hire_date is not null
),

contracts as (
    select * from {{ ref('stg_hris__contracts') }}
    where start_date is not null
    qualify row_number() over (partition by employee_id order by start_date desc, contract_id desc) = 1
),

grades as (
    select * from {{ ref('stg_hris__grades') }}
),

positions as (
    select * from {{ ref('stg_hris__positions') }}
),

post_grades as (
    select
        position_id,
        unnest(grade_codes) as grade_code
    from positions
),

post_lowest_grades as (
    select
        post_grades.position_id,
        min(grades.base_salary_yuan) as lowest_grade_base_yuan
    from post_grades
    inner join grades on post_grades.grade_code = grades.grade_code
    group by post_grades.position_id
),

joined as (
    select
        employees.employee_id,
        employees.candidate_id,
        employees.department_id,
        employees.position_id,
        employees.role_family,
        coalesce(contracts.grade_code, employees.grade_code) as grade_code,
        employees.hire_date,
        contracts.contract_id,
        coalesce(contracts.start_date, employees.hire_date) as contract_start_date,
        contracts.term_months as contract_term_months,
        contracts.agreed_probation_months,
        {{ max_probation_months('contracts.term_months') }} as legal_max_probation_months,
        coalesce(contracts.base_salary_yuan, grades.base_salary_yuan) as contract_base_yuan,
        coalesce(contracts.probation_pay_rate, 0.80) as probation_pay_rate,
        coalesce(grades.starting_performance_coefficient, 0.80) as starting_performance_coefficient,
        coalesce(contracts.performance_coefficient, grades.starting_performance_coefficient, 0.80)
            as contract_performance_coefficient,
        post_lowest_grades.lowest_grade_base_yuan
    from employees
    left join contracts on employees.employee_id = contracts.employee_id
    left join grades on coalesce(contracts.grade_code, employees.grade_code) = grades.grade_code
    left join post_lowest_grades on employees.position_id = post_lowest_grades.position_id
),

final as (
    select
        * exclude (agreed_probation_months),
        cast(least(coalesce(agreed_probation_months, legal_max_probation_months), legal_max_probation_months)
            as integer) as probation_months,
        case
            when least(coalesce(agreed_probation_months, legal_max_probation_months), legal_max_probation_months) > 0
                then {{ period_end_date(
                    'contract_start_date',
                    'least(coalesce(agreed_probation_months, legal_max_probation_months), legal_max_probation_months)'
                ) }}
        end as probation_end_date
    from joined
)

select * from final
