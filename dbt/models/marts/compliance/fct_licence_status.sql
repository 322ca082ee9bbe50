{#-
  The latest practising certificate per employee and licence type, with its status on the reference
  date (var compliance_as_of_date, default the build date): expired before it, expiring within
  var licence_expiry_warning_days (60) days, else valid.
-#}
{%- set as_of = var('compliance_as_of_date', none) -%}
with licences as (
    select * from {{ ref('stg_hris__licences') }}
    where employee_id is not null and expires_on is not null
    qualify row_number() over (
        partition by employee_id, licence_type order by expires_on desc, licence_id desc
    ) = 1
),

reference_date as (
    select {% if as_of %}date '{{ as_of }}'{% else %}current_date{% endif %} as as_of_date
),

final as (
    select
        licences.employee_id,
        licences.licence_type,
        licences.licence_number,
        licences.expires_on,
        case
            when licences.expires_on < reference_date.as_of_date then 'expired'
            when licences.expires_on <= reference_date.as_of_date + {{ var('licence_expiry_warning_days') }}
                then 'expiring'
            else 'valid'
        end as status,
        reference_date.as_of_date,
        cast(licences.expires_on - reference_date.as_of_date as integer) as days_until_expiry
    from licences
    cross join reference_date
)

select * from final
