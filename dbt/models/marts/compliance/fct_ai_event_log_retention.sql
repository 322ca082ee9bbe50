{#-
  EU AI Act art. 12/26: the AI system's event logs are kept at least var ai_event_log_min_retention_months
  (6) months. Per log: the oldest event still retained, and whether the log reaches back to the required
  date (reference date minus the months), or to the day logging began when that is later (var
  ai_event_logs_started_on; null: the oldest retained event is taken as the start, which cannot prove
  that nothing older was dropped, and retention_note says so).
-#}
{%- set as_of = var('compliance_as_of_date', none) -%}
{%- set started_on = var('ai_event_logs_started_on', none) -%}
{%- set months = var('ai_event_log_min_retention_months') -%}
with interview_scores as (
    select * from {{ ref('stg_lake__interview_scores') }}
),

media_ingest as (
    select * from {{ ref('stg_lake__media_ingest') }}
),

interview_plans as (
    select * from {{ ref('stg_lake__interview_plans') }}
),

review_decisions as (
    select * from {{ ref('stg_lake__review_decisions') }}
),

hire_decisions as (
    select * from {{ ref('stg_lake__hire_decisions') }}
),

access_events as (
    select * from {{ ref('stg_lake__access_events') }}
),

events as (
    select 'media_ingest' as log_name, ingested_at as event_at from media_ingest
    union all
    select 'interview_plans', selected_at from interview_plans
    union all
    select 'interview_scores', scored_at from interview_scores
    union all
    select 'review_decisions', decided_at from review_decisions
    union all
    select 'hire_decisions', decided_at from hire_decisions
    union all
    select 'access_log', accessed_at from access_events
),

logs as (
    select *
    from (
        values ('media_ingest'), ('interview_plans'), ('interview_scores'), ('review_decisions'),
            ('hire_decisions'), ('access_log')
    ) as known (log_name)
),

summarised as (
    select
        logs.log_name,
        count(events.event_at) as event_count,
        min(events.event_at) as oldest_event_at,
        max(events.event_at) as newest_event_at
    from logs
    left join events on logs.log_name = events.log_name
    group by logs.log_name
),

reference as (
    select
        {% if as_of %}date '{{ as_of }}'{% else %}current_date{% endif %} as as_of_date,
        cast({% if as_of %}date '{{ as_of }}'{% else %}current_date{% endif %} - to_months({{ months }}) as date)
            as required_since_date,
        {% if started_on %}date '{{ started_on }}'{% else %}cast(null as date){% endif %} as logging_started_on
),

final as (
    select
        summarised.log_name,
        cast(summarised.event_count as integer) as event_count,
        summarised.oldest_event_at,
        summarised.newest_event_at,
        reference.as_of_date,
        reference.required_since_date,
        {{ months }} as min_retention_months,
        cast(reference.as_of_date - cast(summarised.oldest_event_at as date) as integer) as retained_days,
        case
            when summarised.event_count = 0 then true
            else cast(summarised.oldest_event_at as date) <= greatest(
                reference.required_since_date,
                coalesce(reference.logging_started_on, cast(summarised.oldest_event_at as date))
            )
        end as is_retention_met,
        case
            when summarised.event_count = 0 then 'no events yet'
            when cast(summarised.oldest_event_at as date) <= reference.required_since_date
                then 'reaches back ' || {{ months }} || ' months'
            when reference.logging_started_on is null
                then 'younger than ' || {{ months }} || ' months; set var ai_event_logs_started_on to prove nothing was dropped'
            when cast(summarised.oldest_event_at as date) <= reference.logging_started_on
                then 'complete since logging began on ' || strftime(reference.logging_started_on, '%Y-%m-%d')
            else 'events older than ' || strftime(cast(summarised.oldest_event_at as date), '%Y-%m-%d') || ' are missing'
        end as retention_note
    from summarised
    cross join reference
)

select * from final
