with source as (
    select * from {{ latest_snapshot('hris', 'org_units') }}
),

final as (
    select
        org_unit_id,
        parent_id as parent_org_unit_id,
        level as org_level,
        name_zh,
        name_en
    from source
    qualify row_number() over (partition by org_unit_id order by org_unit_id) = 1
)

select * from final
