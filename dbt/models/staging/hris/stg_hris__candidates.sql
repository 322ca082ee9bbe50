with source as (
    select * from {{ latest_snapshot('hris', 'candidates') }}
),

final as (
    select
        candidate_id,
        name_zh,
        name_en,
        try_cast(birth_year as integer) as birth_year,
        education,
        source as candidate_source,
        language_preference
    from source
    qualify row_number() over (partition by candidate_id order by candidate_id) = 1
)

select * from final
