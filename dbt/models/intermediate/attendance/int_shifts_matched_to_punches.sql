{#-
  One row per rostered shift with its punches. A shift belongs to the date it starts (a night shift
  20:00-08:00 is worked on its start date), so work_date is the planned start's date.
  Rules: worked = first clock-in to last clock-out; with one punch missing the shift stands at its
  scheduled minutes (missed-punch rule, pending a correction); no punch at all = absent.
  Overtime: minutes past the planned end in whole blocks (var overtime_block_minutes); on a statutory
  holiday every worked minute; on a rest day every worked minute of a standard-hours shift
  (var standard_hours_shift_codes), since rota staff work rest days by design.
-#}
{%- set block = var('overtime_block_minutes') -%}
{%- set standard_codes = var('standard_hours_shift_codes') -%}

with shifts as (
    select * from {{ ref('stg_hris__shifts') }}
    where employee_id is not null
      and planned_start_at is not null
      and planned_end_at > planned_start_at
),

clock_events as (
    select * from {{ ref('stg_hris__clock_events') }}
    where shift_id is not null and punched_at is not null
),

calendar_days as (
    select * from {{ ref('int_calendar_days') }}
),

punches as (
    select
        shift_id,
        min(punched_at) filter (where punch_direction = 'in') as first_in_at,
        max(punched_at) filter (where punch_direction = 'out') as last_out_at,
        count(*) as punch_count
    from clock_events
    group by shift_id
),

matched as (
    select
        shifts.shift_id,
        shifts.employee_id,
        cast(shifts.planned_start_at as date) as work_date,
        calendar_days.day_type,
        shifts.shift_code,
        shifts.planned_start_at,
        shifts.planned_end_at,
        hour(shifts.planned_start_at) < 6
            or shifts.planned_end_at > date_trunc('day', shifts.planned_start_at) + interval 1 day
            as is_night_shift,
        cast(date_diff('second', shifts.planned_start_at, shifts.planned_end_at) // 60 as integer)
            as scheduled_minutes,
        punches.first_in_at,
        punches.last_out_at,
        coalesce(punches.punch_count, 0) as punch_count,
        coalesce(punches.last_out_at > punches.first_in_at, false) as has_both_punches
    from shifts
    left join punches on shifts.shift_id = punches.shift_id
    left join calendar_days on cast(shifts.planned_start_at as date) = calendar_days.calendar_date
),

measured as (
    select
        *,
        punch_count = 0 as is_absent,
        case
            when punch_count = 0 then 0
            when has_both_punches then cast(date_diff('second', first_in_at, last_out_at) // 60 as integer)
            else scheduled_minutes
        end as worked_minutes,
        case
            when first_in_at > planned_start_at
                then cast(date_diff('second', planned_start_at, first_in_at) // 60 as integer)
            else 0
        end as late_minutes,
        case
            when has_both_punches and last_out_at > planned_end_at
                then cast(
                    (date_diff('second', planned_end_at, last_out_at) // 60) // {{ block }} * {{ block }}
                    as integer
                )
            else 0
        end as minutes_past_end
    from matched
),

final as (
    select
        * exclude (minutes_past_end),
        case
            when is_absent then 0
            when day_type = 'holiday' then worked_minutes
            when day_type = 'rest_day' and shift_code in ('{{ standard_codes | join("', '") }}')
                then worked_minutes
            else minutes_past_end
        end as overtime_minutes
    from measured
)

select * from final
