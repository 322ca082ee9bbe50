with source as (
    select * from {{ lake_source('lake', 'legal_holds') }}
),

final as (
    select
        event_id,
        candidate_id,
        reason as hold_reason,
        placed_by,
        released as is_release,
        recorded_at
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by event_id order by event_id) = 1
)

select * from final
