with source as (
    select * from {{ lake_source('lake', 'risk_flags') }}
),

final as (
    select
        interview_id,
        score_key,
        flag_index,
        code as flag_code,
        severity as flag_severity,
        detail as flag_detail,
        question_id,
        start_seconds,
        end_seconds
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by interview_id, score_key, flag_index order by interview_id) = 1
)

select * from final
