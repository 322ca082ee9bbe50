with source as (
    select * from {{ lake_source('lake', 'access_events') }}
),

final as (
    select
        event_id,
        "user" as accessed_by,
        role as accessed_by_role,
        action as access_action,
        object_kind,
        object_id,
        interview_id,
        accessed_at
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by event_id order by event_id) = 1
)

select * from final
