with source as (
    select * from {{ latest_snapshot('hris', 'consents') }}
),

final as (
    select
        consent_id,
        candidate_id,
        purpose as consent_purpose,
        {{ text_bool('granted') }} as is_granted,
        {{ iso_timestamp('recorded_at') }} as recorded_at,
        notice_version,
        channel as consent_channel
    from source
    qualify row_number() over (partition by consent_id order by consent_id) = 1
)

select * from final
