with source as (
    select * from {{ latest_snapshot('hris', 'training_records') }}
),

final as (
    select
        training_id,
        employee_id,
        course_code,
        course_name_zh,
        course_name_en,
        {{ iso_date('completed_date') }} as completed_date,
        try_cast(hours as decimal(6, 2)) as training_hours,
        result as training_result,
        try_cast(score as integer) as training_score
    from source
    qualify row_number() over (partition by training_id order by training_id) = 1
)

select * from final
