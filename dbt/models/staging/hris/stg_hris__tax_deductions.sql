with source as (
    select * from {{ latest_snapshot('hris', 'tax_deductions') }}
),

final as (
    select
        deduction_id,
        employee_id,
        deduction_type,
        description_zh,
        {{ cents_to_yuan('monthly_amount_cents') }} as monthly_amount_yuan,
        {{ iso_date('effective_from') }} as effective_from_date,
        try_cast(tax_year as integer) as tax_year
    from source
    qualify row_number() over (partition by deduction_id order by deduction_id) = 1
)

select * from final
