{#-
  Training plans from the hire's interview scores (DOMAIN.md section 6): a score below a
  training_plan_rules bar (seed: communication < 60) plans the rule's course (patient communication);
  passing it is the condition of the next pay adjustment (int_performance_coefficients_assigned).
  One row per hire and course.
-#}
with scores as (
    select * from {{ ref('int_candidate_interview_scores') }}
),

hired as (
    select * from {{ ref('int_candidates_hired') }}
),

training_rules as (
    select * from {{ ref('training_plan_rules') }}
),

training_records as (
    select * from {{ ref('stg_hris__training_records') }}
),

plans as (
    select
        hired.candidate_id,
        hired.employee_id,
        hired.hire_date,
        scores.interview_id,
        scores.score_key,
        training_rules.course_code,
        training_rules.dimension,
        training_rules.below_score,
        scores.score as interview_score
    from scores
    inner join hired on scores.candidate_id = hired.candidate_id
    inner join training_rules
        on scores.dimension = training_rules.dimension
       and scores.score < training_rules.below_score
    qualify row_number() over (
        partition by hired.candidate_id, training_rules.course_code order by scores.score
    ) = 1
),

passed_courses as (
    select
        employee_id,
        course_code,
        min(completed_date) as passed_on
    from training_records
    where training_result = 'pass'
    group by employee_id, course_code
),

final as (
    select
        plans.candidate_id,
        plans.employee_id,
        plans.course_code,
        plans.dimension,
        cast(round(plans.interview_score, 2) as decimal(5, 2)) as interview_score,
        cast(plans.below_score as decimal(5, 2)) as below_score,
        plans.hire_date as planned_on,
        passed_courses.passed_on,
        case when passed_courses.passed_on is not null then 'passed' else 'open' end as plan_status,
        plans.interview_id,
        plans.score_key
    from plans
    left join passed_courses
        on plans.employee_id = passed_courses.employee_id
       and plans.course_code = passed_courses.course_code
)

select * from final
