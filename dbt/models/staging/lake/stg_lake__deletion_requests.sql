with source as (
    select * from {{ lake_source('lake', 'deletion_requests') }}
),

final as (
    select
        request_id,
        event_id,
        candidate_id,
        requested_by,
        requested_at
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by request_id order by request_id) = 1
)

select * from final
