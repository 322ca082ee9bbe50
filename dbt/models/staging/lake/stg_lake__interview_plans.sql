with source as (
    select * from {{ lake_source('lake', 'interview_plans') }}
),

final as (
    select
        interview_id,
        candidate_id,
        position_id,
        bank_id,
        bank_version,
        language,
        question_ids,
        selected_at
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by interview_id order by interview_id) = 1
)

select * from final
