with source as (
    select * from {{ latest_snapshot('hris', 'allowance_rules') }}
),

final as (
    select
        rule_id as allowance_rule_id,
        department_id,
        department_id = '*' as applies_to_every_department,
        allowance_code,
        name_zh,
        name_en,
        unit as allowance_unit,
        {{ cents_to_yuan('amount_cents') }} as amount_yuan,
        string_split(applies_to_shift_codes, '|') as shift_codes
    from source
    qualify row_number() over (partition by rule_id order by rule_id) = 1
)

select * from final
