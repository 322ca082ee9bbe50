{#-
  Consent coverage per purpose (PIPL: AI evaluation, and biometric processing separately): how many
  known candidates (HRIS candidates and everyone interviewed) have the purpose granted, refused or on no
  record (latest record per candidate wins), and how many scored interviews belong to a candidate without
  that consent (for ai_evaluation this must be 0: no consent, no AI evaluation).
-#}
with consents as (
    select * from {{ ref('stg_hris__consents') }}
),

candidates as (
    select * from {{ ref('stg_hris__candidates') }}
),

media_ingest as (
    select * from {{ ref('stg_lake__media_ingest') }}
),

current_scores as (
    select * from {{ ref('int_interview_scores_current') }}
),

purposes as (
    select distinct consent_purpose from consents where consent_purpose is not null
    union
    select * from (values ('ai_evaluation'), ('biometric_processing')) as required (consent_purpose)
),

known_candidates as (
    select candidate_id from candidates
    union
    select candidate_id from media_ingest
    union
    select candidate_id from current_scores
),

latest_consents as (
    select
        candidate_id,
        consent_purpose,
        is_granted
    from consents
    qualify row_number() over (
        partition by candidate_id, consent_purpose order by recorded_at desc nulls last, consent_id desc
    ) = 1
),

candidate_purposes as (
    select
        purposes.consent_purpose,
        known_candidates.candidate_id,
        case
            when latest_consents.is_granted then 'granted'
            when latest_consents.is_granted = false then 'refused'
            else 'missing'
        end as consent_status
    from purposes
    cross join known_candidates
    left join latest_consents
        on known_candidates.candidate_id = latest_consents.candidate_id
       and purposes.consent_purpose = latest_consents.consent_purpose
),

scored as (
    select
        candidate_purposes.consent_purpose,
        count(*) as scored_interviews,
        count(*) filter (where candidate_purposes.consent_status <> 'granted') as scored_without_consent
    from current_scores
    inner join candidate_purposes on current_scores.candidate_id = candidate_purposes.candidate_id
    group by candidate_purposes.consent_purpose
),

counted as (
    select
        consent_purpose,
        count(*) as candidates,
        count(*) filter (where consent_status = 'granted') as granted_candidates,
        count(*) filter (where consent_status = 'refused') as refused_candidates,
        count(*) filter (where consent_status = 'missing') as missing_candidates
    from candidate_purposes
    group by consent_purpose
),

final as (
    select
        counted.consent_purpose,
        cast(counted.candidates as integer) as candidates,
        cast(counted.granted_candidates as integer) as granted_candidates,
        cast(counted.refused_candidates as integer) as refused_candidates,
        cast(counted.missing_candidates as integer) as missing_candidates,
        cast(round(counted.granted_candidates / nullif(counted.candidates, 0), 4) as decimal(7, 4))
            as consent_coverage_rate,
        cast(coalesce(scored.scored_interviews, 0) as integer) as scored_interviews,
        cast(coalesce(scored.scored_without_consent, 0) as integer) as scored_without_consent
    from counted
    left join scored on counted.consent_purpose = scored.consent_purpose
)

select * from final
