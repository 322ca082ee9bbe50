with source as (
    select * from {{ latest_snapshot('hris', 'city_settings') }}
),

final as (
    select
        city_code,
        setting_key,
        try_cast(value as double) as setting_value,
        unit as setting_unit,
        note
    from source
    qualify row_number() over (partition by city_code, setting_key order by setting_key) = 1
)

select * from final
