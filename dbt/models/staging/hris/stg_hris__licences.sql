with source as (
    select * from {{ latest_snapshot('hris', 'licences') }}
),

final as (
    select
        licence_id,
        employee_id,
        licence_type,
        licence_name_zh,
        licence_no as licence_number,
        issuing_authority,
        {{ iso_date('issued_date') }} as issued_date,
        {{ iso_date('expiry_date') }} as expires_on
    from source
    qualify row_number() over (partition by licence_id order by licence_id) = 1
)

select * from final
