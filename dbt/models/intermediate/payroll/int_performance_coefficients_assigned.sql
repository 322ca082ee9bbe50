{#-
  Performance coefficient per employee and month (DOMAIN.md section 6): the starting coefficient (0.8)
  while in probation; afterwards the contract's coefficient, raised by performance_coefficient_rules
  when the hire's interview score meets a rule (seed example: clinical_skill >= 85 -> 0.9).
  A score below a training_plan_rules bar (communication < 60) creates a training plan: the raise waits
  until that course is passed.
  The hire's interview scores: int_candidate_interview_scores (the score set the hire decision names,
  else the candidate's current one), joined to the month through the employee's candidate_id.
-#}
with employee_months as (
    select * from {{ ref('int_employee_months_prorated') }}
),

scores as (
    select * from {{ ref('int_candidate_interview_scores') }}
),

coefficient_rules as (
    select * from {{ ref('performance_coefficient_rules') }}
),

training_rules as (
    select * from {{ ref('training_plan_rules') }}
),

training_records as (
    select * from {{ ref('stg_hris__training_records') }}
),

raises as (
    select
        scores.candidate_id,
        max(coefficient_rules.coefficient_after_probation) as raised_coefficient
    from scores
    inner join coefficient_rules
        on scores.dimension = coefficient_rules.dimension
       and scores.score >= coefficient_rules.min_score
    group by scores.candidate_id
),

training_plans as (
    select distinct
        scores.candidate_id,
        training_rules.course_code
    from scores
    inner join training_rules
        on scores.dimension = training_rules.dimension
       and scores.score < training_rules.below_score
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

plan_status as (
    select
        employee_months.employee_id,
        employee_months.pay_month,
        count(training_plans.course_code) as planned_courses,
        count(passed_courses.passed_on) filter (
            where passed_courses.passed_on <= employee_months.month_end_date
        ) as passed_planned_courses
    from employee_months
    inner join training_plans on employee_months.candidate_id = training_plans.candidate_id
    left join passed_courses
        on employee_months.employee_id = passed_courses.employee_id
       and training_plans.course_code = passed_courses.course_code
    group by employee_months.employee_id, employee_months.pay_month
),

final as (
    select
        employee_months.employee_id,
        employee_months.pay_month,
        employee_months.is_probation,
        raises.raised_coefficient,
        coalesce(plan_status.planned_courses, 0) > 0 as has_training_plan,
        coalesce(plan_status.planned_courses, 0) = coalesce(plan_status.passed_planned_courses, 0)
            as is_training_plan_complete,
        cast(
            case
                when employee_months.is_probation then employee_months.starting_performance_coefficient
                when raises.raised_coefficient is not null
                 and coalesce(plan_status.planned_courses, 0) = coalesce(plan_status.passed_planned_courses, 0)
                    then greatest(employee_months.contract_performance_coefficient, raises.raised_coefficient)
                else employee_months.contract_performance_coefficient
            end as decimal(4, 2)
        ) as performance_coefficient
    from employee_months
    left join raises on employee_months.candidate_id = raises.candidate_id
    left join plan_status
        on employee_months.employee_id = plan_status.employee_id
       and employee_months.pay_month = plan_status.pay_month
)

select * from final
