{#- The latest reviewer decision per interview and score set (a later event supersedes an earlier one). -#}
with review_decisions as (
    select * from {{ ref('stg_lake__review_decisions') }}
),

final as (
    select *
    from review_decisions
    qualify row_number() over (
        partition by interview_id, score_key order by decided_at desc, event_id desc
    ) = 1
)

select * from final
