{#-
  One row per scored interview: its current score set (the latest scored_at), versions, flags, and the
  person's decision on that set (the latest reviewer event for it). No decision yet: final_decision,
  decided_by and decided_at are null (the interview waits in the review queue).
-#}
with current_scores as (
    select * from {{ ref('int_interview_scores_current') }}
),

reviews as (
    select * from {{ ref('int_review_decisions_latest') }}
),

media_ingest as (
    select * from {{ ref('stg_lake__media_ingest') }}
),

interview_plans as (
    select * from {{ ref('stg_lake__interview_plans') }}
),

final as (
    select
        current_scores.interview_id,
        current_scores.candidate_id,
        current_scores.position_id,
        coalesce(media_ingest.ingested_at, interview_plans.selected_at, current_scores.scored_at) as interviewed_at,
        current_scores.language,
        cast(round(current_scores.total_score, 2) as decimal(5, 2)) as total_score,
        current_scores.recommendation,
        current_scores.needs_review,
        -- comma-joined, sorted: readable in any SQL client and stable across builds; null when none
        nullif(array_to_string(list_sort(list_distinct(current_scores.flags)), ', '), '') as flags,
        current_scores.weights_version,
        current_scores.bank_version,
        reviews.final_recommendation as final_decision,
        reviews.reviewer as decided_by,
        reviews.decided_at,
        current_scores.score_key,
        current_scores.scored_at,
        current_scores.role_family,
        current_scores.bank_id,
        reviews.review_action,
        coalesce(reviews.review_action = 'override', false) as is_overridden,
        current_scores.report_uri,
        array_to_string(current_scores.review_reasons, '; ') as review_reasons,
        current_scores.scorer_version,
        current_scores.embedder_model
    from current_scores
    left join reviews
        on current_scores.interview_id = reviews.interview_id
       and current_scores.score_key = reviews.score_key
    left join media_ingest on current_scores.interview_id = media_ingest.interview_id
    left join interview_plans on current_scores.interview_id = interview_plans.interview_id
)

select * from final
