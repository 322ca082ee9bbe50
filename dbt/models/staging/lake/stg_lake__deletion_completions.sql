with source as (
    select * from {{ lake_source('lake', 'deletion_completions') }}
),

final as (
    select
        event_id,
        request_id,
        candidate_id,
        completed_by,
        completed_at,
        deleted_keys
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by event_id order by event_id) = 1
)

select * from final
