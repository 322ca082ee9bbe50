{#- The city's settings as one row (var payroll_city_code picks a city when the extract holds several). -#}
{%- set city = var('payroll_city_code', none) -%}
with settings as (
    select * from {{ ref('stg_hris__city_settings') }}
    {% if city %}where city_code = '{{ city }}'{% endif %}
),

final as (
    select
        city_code,
        max(setting_value) filter (where setting_key = 'pension_employee_rate') as pension_employee_rate,
        max(setting_value) filter (where setting_key = 'medical_employee_rate') as medical_employee_rate,
        max(setting_value) filter (where setting_key = 'unemployment_employee_rate') as unemployment_employee_rate,
        max(setting_value) filter (where setting_key = 'housing_fund_employee_rate') as housing_fund_employee_rate,
        {{ yuan("max(setting_value) filter (where setting_key = 'contribution_base_floor_cents') / 100") }}
            as contribution_base_floor_yuan,
        {{ yuan("max(setting_value) filter (where setting_key = 'contribution_base_cap_cents') / 100") }}
            as contribution_base_cap_yuan,
        {{ yuan("max(setting_value) filter (where setting_key = 'minimum_wage_cents') / 100") }}
            as minimum_wage_yuan,
        {{ yuan("max(setting_value) filter (where setting_key = 'iit_monthly_basic_deduction_cents') / 100") }}
            as iit_monthly_basic_deduction_yuan
    from settings
    group by city_code
)

select * from final
