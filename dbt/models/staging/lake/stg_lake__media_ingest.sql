with source as (
    select * from {{ lake_source('lake', 'media_ingest') }}
),

final as (
    select
        interview_id,
        media_sha256,
        candidate_id,
        position_id,
        media_key,
        '{{ lake_uri("") }}' || media_key as media_uri,
        container,
        size_bytes,
        duration_seconds,
        has_audio,
        has_video,
        consent_status,
        ingested_at
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by interview_id order by ingested_at desc) = 1
)

select * from final
