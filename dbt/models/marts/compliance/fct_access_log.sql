{#- Who opened which recording, transcript or report, and when (one row per access event). -#}
with access_events as (
    select * from {{ ref('stg_lake__access_events') }}
),

media_ingest as (
    select * from {{ ref('stg_lake__media_ingest') }}
),

current_scores as (
    select * from {{ ref('int_interview_scores_current') }}
),

final as (
    select
        access_events.event_id,
        access_events.accessed_at,
        access_events.accessed_by,
        access_events.accessed_by_role,
        access_events.access_action,
        access_events.object_kind,
        access_events.object_id,
        access_events.interview_id,
        coalesce(media_ingest.candidate_id, current_scores.candidate_id) as candidate_id
    from access_events
    left join media_ingest on access_events.interview_id = media_ingest.interview_id
    left join current_scores on access_events.interview_id = current_scores.interview_id
)

select * from final
