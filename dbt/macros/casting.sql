{#- Raw columns are text as the source sent them; these parse strictly and yield null when they cannot. -#}

{% macro iso_date(column) -%}
    cast(try_strptime({{ column }}, '%Y-%m-%d') as date)
{%- endmacro %}

{% macro iso_timestamp(column) -%}
    try_strptime({{ column }}, '%Y-%m-%d %H:%M:%S')
{%- endmacro %}

{% macro cents_to_yuan(column) -%}
    cast(try_cast({{ column }} as hugeint) / 100.0 as decimal(14, 2))
{%- endmacro %}

{% macro text_bool(column) -%}
    case lower({{ column }}) when 'true' then true when 'false' then false end
{%- endmacro %}

{% macro yuan(expression) -%}
    cast(round({{ expression }}, 2) as decimal(14, 2))
{%- endmacro %}
