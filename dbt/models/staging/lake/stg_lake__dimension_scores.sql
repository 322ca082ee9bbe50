with source as (
    select * from {{ lake_source('lake', 'dimension_scores') }}
),

final as (
    select
        interview_id,
        score_key,
        dimension,
        score,
        weight,
        answer_count
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by interview_id, score_key, dimension order by interview_id) = 1
)

select * from final
