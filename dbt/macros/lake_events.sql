{#-
  The lake's own tables (silver Parquet, JSON events) read by glob. DuckDB fails on a glob that matches
  nothing ("No files found"), yet a fresh lake has no decisions, holds or access events: lake_source()
  checks the glob when the model runs and, when nothing matches, yields an empty relation typed from the
  source's declared columns, so every downstream model still builds (with zero rows).
  A source table declares config.meta.lake_path (glob under the bucket), config.meta.lake_format
  ('parquet' | 'json') and its columns with data_type; only declared columns are read, cast to their type
  (JSON: missing keys are null, extra keys ignored; Parquet: files are unioned by name).
-#}

{% macro lake_source_node(source_name, table_name) -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.source_name == source_name and node.name == table_name -%}
            {{ return(node) }}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("No source " ~ source_name ~ "." ~ table_name) }}
{%- endmacro %}

{% macro lake_source(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}  {#- lineage: parsed, never read -#}
    {%- if not execute -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set node = lake_source_node(source_name, table_name) -%}
    {%- set meta = node.config.meta or node.meta -%}
    {%- set uri = lake_uri(meta['lake_path']) -%}
    {%- set columns = node.columns.values() | list -%}
    {%- if columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(source_name ~ "." ~ table_name ~ " declares no columns") }}
    {%- endif -%}
    {%- set found = run_query("select count(*) from glob('" ~ uri ~ "')").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ return(lake_empty_relation(columns)) }}
    {%- elif meta['lake_format'] == 'json' -%}
        {{ return(lake_read_json(uri, columns)) }}
    {%- else -%}
        {{ return(lake_read_parquet(uri, columns)) }}
    {%- endif -%}
{%- endmacro %}

{% macro lake_empty_relation(columns) -%}
    (
        select
            {%- for column in columns %}
            cast(null as {{ column.data_type }}) as {{ adapter.quote(column.name) }}{{ "," if not loop.last }}
            {%- endfor %}
        limit 0
    )
{%- endmacro %}

{% macro lake_read_json(uri, columns) -%}
    (
        select *
        from read_json(
            '{{ uri }}',
            format = 'auto',
            hive_partitioning = false,
            columns = {
                {%- for column in columns %}
                '{{ column.name }}': '{{ column.data_type }}'{{ "," if not loop.last }}
                {%- endfor %}
            }
        )
    )
{%- endmacro %}

{% macro lake_read_parquet(uri, columns) -%}
    (
        select
            {%- for column in columns %}
            cast({{ adapter.quote(column.name) }} as {{ column.data_type }}) as {{ adapter.quote(column.name) }}
            {{- "," if not loop.last }}
            {%- endfor %}
        from read_parquet('{{ uri }}', union_by_name = true, hive_partitioning = false)
    )
{%- endmacro %}
