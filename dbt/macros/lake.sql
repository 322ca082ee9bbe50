{#-
  The lake's snapshots: `raw/<source>/<entity>/load_date=YYYY-MM-DD/part-*.parquet`, every column text.
  A source's relation (see _hris__sources.yml) reads every snapshot with `load_date` as a hive column;
  latest_snapshot() narrows it to one load_date, resolved when the model runs: the var `hris_load_date`
  when set, else the newest load_date found in the lake. The constant filter prunes the other files.
-#}

{% macro lake_uri(path) -%}
    s3://{{ env_var('HIRELAKE_DBT_LAKE_BUCKET', 'hirelake') }}/{{ path }}
{%- endmacro %}

{% macro latest_load_date(source_name, table_name) -%}
    {%- set pinned = var('hris_load_date', none) -%}
    {%- if pinned -%}
        {{ return(pinned) }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return('1970-01-01') }}
    {%- endif -%}
    {%- set pattern = lake_uri('raw/' ~ source_name ~ '/' ~ table_name ~ '/load_date=*/*.parquet') -%}
    {%- set query -%}
        select max(regexp_extract(file, 'load_date=(\d{4}-\d{2}-\d{2})/', 1)) as load_date
        from glob('{{ pattern }}')
    {%- endset -%}
    {%- set newest = run_query(query).columns[0].values()[0] -%}
    {%- if not newest -%}
        {{ exceptions.raise_compiler_error(
            "No snapshot of " ~ source_name ~ "." ~ table_name ~ " in the lake (nothing matches " ~ pattern
            ~ "): land the HRIS extract first (hirelake synth --to-lake, or the HRIS sync)."
        ) }}
    {%- endif -%}
    {{ return(newest) }}
{%- endmacro %}

{% macro latest_snapshot(source_name, table_name) -%}
    (
        select * exclude (load_date)
        from {{ source(source_name, table_name) }}
        where load_date = date '{{ latest_load_date(source_name, table_name) }}'
    )
{%- endmacro %}
