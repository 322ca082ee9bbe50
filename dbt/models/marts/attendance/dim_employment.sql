with employments as (
    select * from {{ ref('int_employments_joined') }}
),

final as (
    select
        employee_id,
        department_id,
        grade_code,
        hire_date,
        contract_term_months,
        probation_months,
        probation_end_date
    from employments
)

select * from final
