{#-
  One interview score set per candidate, as rows (candidate_id, dimension, score) with 'total' for the
  weighted total: the set a hire decision names (the scores the hire was made on), else the candidate's
  latest current set. Read by the performance coefficient and training-plan rules and the bias audit.
-#}
with interview_scores as (
    select * from {{ ref('stg_lake__interview_scores') }}
),

current_scores as (
    select * from {{ ref('int_interview_scores_current') }}
),

dimension_scores as (
    select * from {{ ref('stg_lake__dimension_scores') }}
),

hire_decisions as (
    select * from {{ ref('stg_lake__hire_decisions') }}
),

hired_sets as (
    select
        candidate_id,
        interview_id,
        score_key,
        0 as preference,
        decided_at as chosen_at
    from hire_decisions
    where hire_decision = 'hire'
),

latest_sets as (
    select
        candidate_id,
        interview_id,
        score_key,
        1 as preference,
        scored_at as chosen_at
    from current_scores
),

chosen_sets as (
    select *
    from (
        select * from hired_sets
        union all
        select * from latest_sets
    )
    qualify row_number() over (
        partition by candidate_id order by preference, chosen_at desc, score_key
    ) = 1
),

dimension_rows as (
    select
        chosen_sets.candidate_id,
        chosen_sets.interview_id,
        chosen_sets.score_key,
        dimension_scores.dimension,
        dimension_scores.score
    from chosen_sets
    inner join dimension_scores
        on chosen_sets.interview_id = dimension_scores.interview_id
       and chosen_sets.score_key = dimension_scores.score_key
),

total_rows as (
    select
        chosen_sets.candidate_id,
        chosen_sets.interview_id,
        chosen_sets.score_key,
        'total' as dimension,
        interview_scores.total_score as score
    from chosen_sets
    inner join interview_scores
        on chosen_sets.interview_id = interview_scores.interview_id
       and chosen_sets.score_key = interview_scores.score_key
),

final as (
    select * from dimension_rows
    union all
    select * from total_rows
)

select * from final
