with source as (
    select * from {{ latest_snapshot('hris', 'employees') }}
),

final as (
    select
        employee_id,
        candidate_id,
        name_zh,
        name_en,
        coalesce(nullif(trim(sex), ''), 'unknown') as sex,
        {{ iso_date('birth_date') }} as birth_date,
        department_id,
        ward_id,
        position_id,
        role_family,
        grade_code,
        {{ iso_date('hire_date') }} as hire_date,
        employment_status
    from source
    qualify row_number() over (partition by employee_id order by employee_id) = 1
)

select * from final
