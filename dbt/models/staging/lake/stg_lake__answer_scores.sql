with source as (
    select * from {{ lake_source('lake', 'answer_scores') }}
),

final as (
    select
        interview_id,
        score_key,
        answer_index,
        question_id,
        dimension,
        start_seconds,
        end_seconds,
        coverage,
        communication as communication_score,
        score,
        red_flags,
        match_confidence
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by interview_id, score_key, answer_index order by interview_id) = 1
)

select * from final
