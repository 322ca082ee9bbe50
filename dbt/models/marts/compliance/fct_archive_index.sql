{#-
  The interview archive an auditor searches by person, position or date: one row per interview with
  where its recording and report are, the candidate's consent, and how long it is kept.
  retention_until: candidates not hired keep their interview data for the months the seed
  archive_retention_rules gives for var archive_jurisdiction (DEFAULT row when the jurisdiction has
  none; 24 months), counted from the rejection (or the interview when no decision was recorded); hires'
  interviews stay with the employee record (null). A legal hold suspends deletion; deleted_at is when a
  deletion request was carried out.
-#}
{%- set as_of = var('compliance_as_of_date', none) -%}
with media_ingest as (
    select * from {{ ref('stg_lake__media_ingest') }}
),

current_scores as (
    select * from {{ ref('int_interview_scores_current') }}
),

hire_decisions as (
    select * from {{ ref('stg_lake__hire_decisions') }}
),

hired as (
    select * from {{ ref('int_candidates_hired') }}
),

consents as (
    select * from {{ ref('stg_hris__consents') }}
),

holds as (
    select * from {{ ref('stg_lake__legal_holds') }}
),

completions as (
    select * from {{ ref('stg_lake__deletion_completions') }}
),

retention_rules as (
    select * from {{ ref('archive_retention_rules') }}
    where subject = 'candidate_not_hired'
),

retention as (
    select
        jurisdiction,
        retention_months
    from retention_rules
    where jurisdiction in ('{{ var("archive_jurisdiction") }}', 'DEFAULT')
    qualify row_number() over (order by jurisdiction = 'DEFAULT') = 1
),

interviews as (
    select
        coalesce(media_ingest.interview_id, current_scores.interview_id) as interview_id,
        coalesce(media_ingest.candidate_id, current_scores.candidate_id) as candidate_id,
        coalesce(media_ingest.position_id, current_scores.position_id) as position_id,
        coalesce(media_ingest.ingested_at, current_scores.scored_at) as interviewed_at,
        media_ingest.media_uri,
        current_scores.report_uri,
        media_ingest.consent_status as ingest_consent_status
    from media_ingest
    full outer join current_scores on media_ingest.interview_id = current_scores.interview_id
),

ai_consents as (
    select
        candidate_id,
        is_granted
    from consents
    where consent_purpose = 'ai_evaluation'
    qualify row_number() over (partition by candidate_id order by recorded_at desc nulls last, consent_id desc) = 1
),

rejections as (
    select
        interview_id,
        max(decided_at) as rejected_at
    from hire_decisions
    where hire_decision = 'reject'
    group by interview_id
),

active_holds as (
    select
        candidate_id,
        not is_release as is_on_hold
    from holds
    qualify row_number() over (partition by candidate_id order by recorded_at desc, event_id desc) = 1
),

deletions as (
    select
        candidate_id,
        max(completed_at) as deleted_at
    from completions
    group by candidate_id
),

indexed as (
    select
        interviews.candidate_id,
        hired.employee_id,
        interviews.interview_id,
        interviews.media_uri,
        interviews.report_uri,
        case
            when ai_consents.is_granted then 'granted'
            when ai_consents.is_granted = false then 'refused'
            else coalesce(interviews.ingest_consent_status, 'missing')
        end as consent_status,
        case
            when hired.candidate_id is null
                then cast(
                    cast(coalesce(rejections.rejected_at, interviews.interviewed_at) as date)
                    + to_months(retention.retention_months) as date
                )
        end as retention_until,
        coalesce(active_holds.is_on_hold, false) as legal_hold,
        deletions.deleted_at,
        interviews.position_id,
        interviews.interviewed_at,
        hired.candidate_id is not null as is_hired,
        retention.jurisdiction as retention_jurisdiction,
        {% if as_of %}date '{{ as_of }}'{% else %}current_date{% endif %} as as_of_date
    from interviews
    cross join retention
    left join hired on interviews.candidate_id = hired.candidate_id
    left join ai_consents on interviews.candidate_id = ai_consents.candidate_id
    left join rejections on interviews.interview_id = rejections.interview_id
    left join active_holds on interviews.candidate_id = active_holds.candidate_id
    left join deletions on interviews.candidate_id = deletions.candidate_id
),

final as (
    select
        *,
        -- past its retention, not on hold, not yet deleted: due for purging
        coalesce(retention_until < as_of_date, false) and not legal_hold and deleted_at is null
            as is_past_retention
    from indexed
)

select * from final
