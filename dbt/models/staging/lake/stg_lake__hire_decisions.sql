with source as (
    select * from {{ lake_source('lake', 'hire_decisions') }}
),

final as (
    select
        event_id,
        interview_id,
        candidate_id,
        position_id,
        score_key,
        review_event_id,
        decision as hire_decision,
        decided_by,
        decided_at,
        reason as decision_reason,
        start_date,
        contract_term_months,
        probation_months,
        grade_code,
        reference_scores
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by event_id order by event_id) = 1
)

select * from final
