with source as (
    select * from {{ latest_snapshot('hris', 'candidate_demographics') }}
),

final as (
    select
        candidate_id,
        coalesce(nullif(trim(sex), ''), 'unknown') as sex,
        coalesce(nullif(trim(ethnicity), ''), 'unknown') as race_ethnicity,
        ethnicity_zh as race_ethnicity_zh,
        {{ text_bool('self_reported') }} as is_self_reported
    from source
    qualify row_number() over (partition by candidate_id order by candidate_id) = 1
)

select * from final
