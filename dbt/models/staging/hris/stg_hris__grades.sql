with source as (
    select * from {{ latest_snapshot('hris', 'grades') }}
),

final as (
    select
        grade_code,
        role_family,
        title_zh,
        title_en,
        {{ cents_to_yuan('base_salary_cents') }} as base_salary_yuan,
        try_cast(starting_performance_coefficient as decimal(4, 2)) as starting_performance_coefficient
    from source
    qualify row_number() over (partition by grade_code order by grade_code) = 1
)

select * from final
