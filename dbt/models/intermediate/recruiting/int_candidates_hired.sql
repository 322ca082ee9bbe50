{#-
  Candidates who became employees: a hire decision in the lake, or an HRIS employee record carrying the
  candidate id (hires made before the platform, or synced back from the HRIS), with the employee id once
  the HRIS knows it.
-#}
with hire_decisions as (
    select * from {{ ref('stg_lake__hire_decisions') }}
),

employees as (
    select * from {{ ref('stg_hris__employees') }}
),

hires as (
    select
        candidate_id,
        min(start_date) as start_date,
        min(decided_at) as hired_at
    from hire_decisions
    where hire_decision = 'hire'
    group by candidate_id
),

employee_links as (
    select
        candidate_id,
        min(employee_id) as employee_id,
        min(hire_date) as hire_date
    from employees
    where candidate_id is not null and candidate_id <> ''
    group by candidate_id
),

final as (
    select
        coalesce(employee_links.candidate_id, hires.candidate_id) as candidate_id,
        employee_links.employee_id,
        coalesce(employee_links.hire_date, hires.start_date) as hire_date,
        hires.hired_at
    from employee_links
    full outer join hires on employee_links.candidate_id = hires.candidate_id
)

select * from final
