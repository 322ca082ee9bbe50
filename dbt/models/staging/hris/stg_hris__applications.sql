with source as (
    select * from {{ latest_snapshot('hris', 'applications') }}
),

final as (
    select
        application_id,
        candidate_id,
        position_id,
        {{ iso_date('applied_date') }} as applied_date,
        outcome,
        {{ iso_date('decision_date') }} as decision_date,
        {{ iso_date('hire_date') }} as hire_date
    from source
    qualify row_number() over (partition by application_id order by application_id) = 1
)

select * from final
