{#-
  Bias audit (NYC Local Law 144, EEOC four-fifths rule) per sex, race/ethnicity and their intersection.
  selection rate = selected (hired) / applicants; scoring rate = share of scored applicants above the
  median interview score; impact ratio = rate / the highest rate among compared categories; flagged
  below 0.8. 'unknown' is counted and reported but not compared; a category under
  var bias_audit_min_category_share (2%) of applicants is excluded, with the reason.
  Interview scores: the 'total' of each candidate's score set (int_candidate_interview_scores, from the
  lake's silver interview_scores); candidates without scores count as applicants, not as scored.
-#}
{%- set as_of = var('compliance_as_of_date', none) -%}
{%- set min_share = var('bias_audit_min_category_share') -%}
with applications as (
    select * from {{ ref('stg_hris__applications') }}
),

demographics as (
    select * from {{ ref('stg_hris__candidate_demographics') }}
),

scores as (
    select * from {{ ref('int_candidate_interview_scores') }}
    where dimension = 'total'
),

applicants as (
    select
        candidate_id,
        bool_or(outcome = 'hired') as is_selected
    from applications
    where candidate_id is not null
    group by candidate_id
),

score_median as (
    select median(score) as median_score from scores
),

candidate_scores as (
    select
        scores.candidate_id,
        max(scores.score) > any_value(score_median.median_score) as is_above_median
    from scores
    cross join score_median
    group by scores.candidate_id
),

described as (
    select
        applicants.candidate_id,
        applicants.is_selected,
        candidate_scores.is_above_median,
        coalesce(demographics.sex, 'unknown') as sex,
        coalesce(demographics.race_ethnicity, 'unknown') as race_ethnicity
    from applicants
    left join demographics on applicants.candidate_id = demographics.candidate_id
    left join candidate_scores on applicants.candidate_id = candidate_scores.candidate_id
),

categorised as (
    select 'sex' as category_type, sex as category, is_selected, is_above_median from described
    union all
    select 'race_ethnicity', race_ethnicity, is_selected, is_above_median from described
    union all
    select
        'intersectional',
        case when sex = 'unknown' or race_ethnicity = 'unknown' then 'unknown' else sex || ' | ' || race_ethnicity end,
        is_selected,
        is_above_median
    from described
),

counted as (
    select
        category_type,
        category,
        count(*) as applicants,
        count(*) filter (where is_selected) as selected,
        count(is_above_median) as scored,
        count(*) filter (where is_above_median) as scored_above_median
    from categorised
    group by category_type, category
),

rated as (
    select
        *,
        selected / applicants as selection_rate_raw,
        case when scored > 0 then scored_above_median / scored end as scoring_rate_raw,
        applicants / sum(applicants) over (partition by category_type) as applicant_share,
        sum(applicants) over (partition by category_type) as type_applicants
    from counted
),

screened as (
    select
        *,
        case
            when category = 'unknown' then 'unknown category: counted and reported, not compared'
            when applicant_share < {{ min_share }}
                then 'under ' || cast({{ min_share }} * 100 as integer) || '% of applicants ('
                    || applicants || ' of ' || type_applicants || ')'
        end as exclusion_reason
    from rated
),

compared as (
    select
        *,
        exclusion_reason is not null as is_excluded,
        max(selection_rate_raw) filter (where exclusion_reason is null)
            over (partition by category_type) as highest_selection_rate,
        max(scoring_rate_raw) filter (where exclusion_reason is null)
            over (partition by category_type) as highest_scoring_rate
    from screened
),

final as (
    select
        {% if as_of %}date '{{ as_of }}'{% else %}current_date{% endif %} as audit_date,
        category_type,
        category,
        cast(applicants as integer) as applicants,
        cast(selected as integer) as selected,
        cast(round(selection_rate_raw, 4) as decimal(7, 4)) as selection_rate,
        cast(case when not is_excluded and highest_selection_rate > 0
            then round(selection_rate_raw / highest_selection_rate, 4) end as decimal(7, 4))
            as selection_impact_ratio,
        cast(round(scoring_rate_raw, 4) as decimal(7, 4)) as scoring_rate,
        cast(case when not is_excluded and highest_scoring_rate > 0
            then round(scoring_rate_raw / highest_scoring_rate, 4) end as decimal(7, 4))
            as scoring_impact_ratio,
        not is_excluded and (
            coalesce(selection_rate_raw / nullif(highest_selection_rate, 0) < 0.8, false)
            or coalesce(scoring_rate_raw / nullif(highest_scoring_rate, 0) < 0.8, false)
        ) as is_below_four_fifths,
        is_excluded,
        exclusion_reason
    from compared
)

select * from final
