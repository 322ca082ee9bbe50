with source as (
    select * from {{ latest_snapshot('hris', 'positions') }}
),

final as (
    select
        position_id,
        title_zh,
        title_en,
        department_id,
        role_family,
        string_split(grade_band, '|') as grade_codes,
        string_split(coalesce(required_licences, ''), '|') as required_licence_types,
        string_split(coalesce(competencies, ''), '|') as competencies
    from source
    qualify row_number() over (partition by position_id order by position_id) = 1
)

select * from final
