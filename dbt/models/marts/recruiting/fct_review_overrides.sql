{#- Every reviewer override, with the reason kept: the override log compliance officers audit. -#}
with review_decisions as (
    select * from {{ ref('stg_lake__review_decisions') }}
),

interview_scores as (
    select * from {{ ref('stg_lake__interview_scores') }}
),

current_scores as (
    select * from {{ ref('int_interview_scores_current') }}
),

final as (
    select
        review_decisions.event_id,
        review_decisions.interview_id,
        review_decisions.score_key,
        interview_scores.candidate_id,
        interview_scores.position_id,
        review_decisions.reviewer,
        review_decisions.system_recommendation,
        review_decisions.final_recommendation,
        review_decisions.review_reason,
        review_decisions.decided_at,
        cast(round(interview_scores.total_score, 2) as decimal(5, 2)) as total_score,
        interview_scores.weights_version,
        current_scores.score_key is not null as is_on_current_score_set
    from review_decisions
    left join interview_scores
        on review_decisions.interview_id = interview_scores.interview_id
       and review_decisions.score_key = interview_scores.score_key
    left join current_scores
        on review_decisions.interview_id = current_scores.interview_id
       and review_decisions.score_key = current_scores.score_key
    where review_decisions.review_action = 'override'
)

select * from final
