with source as (
    select * from {{ lake_source('lake', 'score_evidence') }}
),

final as (
    select
        interview_id,
        score_key,
        evidence_index,
        dimension,
        answer_index,
        question_id,
        start_seconds,
        end_seconds,
        excerpt,
        signals
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by interview_id, score_key, evidence_index order by interview_id) = 1
)

select * from final
