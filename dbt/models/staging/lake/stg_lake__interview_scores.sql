with source as (
    select * from {{ lake_source('lake', 'interview_scores') }}
),

final as (
    select
        interview_id,
        score_key,
        candidate_id,
        position_id,
        role_family,
        language,
        bank_id,
        bank_version,
        weights_version,
        scorer_version,
        embedder_model,
        expression_used as is_expression_used,
        total_score,
        recommendation,
        needs_review,
        review_reasons,
        flags,
        report_key,
        '{{ lake_uri("") }}' || report_key as report_uri,
        scored_at
    from source
    -- an object written twice (a replayed upload) must not double a row
    qualify row_number() over (partition by interview_id, score_key order by scored_at desc) = 1
)

select * from final
