with source as (
    select * from {{ lake_source('lake', 'review_decisions') }}
),

final as (
    select
        event_id,
        interview_id,
        score_key,
        reviewer,
        action as review_action,
        system_recommendation,
        final_recommendation,
        reason as review_reason,
        decided_at
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by event_id order by event_id) = 1
)

select * from final
