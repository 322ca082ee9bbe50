with source as (
    select * from {{ latest_snapshot('hris', 'contracts') }}
),

final as (
    select
        contract_id,
        employee_id,
        contract_type,
        {{ iso_date('start_date') }} as start_date,
        try_cast(term_months as integer) as term_months,
        {{ iso_date('end_date') }} as end_date,
        try_cast(probation_months as integer) as agreed_probation_months,
        {{ iso_date('probation_end_date') }} as agreed_probation_end_date,
        grade_code,
        {{ cents_to_yuan('base_salary_cents') }} as base_salary_yuan,
        try_cast(performance_coefficient as decimal(4, 2)) as performance_coefficient,
        try_cast(probation_pay_rate as decimal(4, 2)) as probation_pay_rate
    from source
    qualify row_number() over (partition by contract_id order by contract_id) = 1
)

select * from final
