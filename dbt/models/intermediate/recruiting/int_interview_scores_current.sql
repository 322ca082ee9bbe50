{#- The current score set of every scored interview: the latest scored_at (a new weights, bank or model version adds a set). -#}
with interview_scores as (
    select * from {{ ref('stg_lake__interview_scores') }}
),

final as (
    select *
    from interview_scores
    qualify row_number() over (partition by interview_id order by scored_at desc, score_key) = 1
)

select * from final
