{#-
  PRC Labour Contract Law art. 19: the longest probation for a contract term (null term = open-ended).
  Under 3 months: none; 3 to under 12: 1 month; 12 to under 36: 2 months; 36 or more, or open-ended: 6.
-#}
{% macro max_probation_months(term_months) -%}
    case
        when {{ term_months }} is null or {{ term_months }} >= 36 then 6
        when {{ term_months }} >= 12 then 2
        when {{ term_months }} >= 3 then 1
        else 0
    end
{%- endmacro %}

{#- The last day of `months` whole months from `start` (DuckDB clamps Jan 31 + 1 month to Feb 28). -#}
{% macro period_end_date(start, months) -%}
    cast({{ start }} + to_months(cast({{ months }} as integer)) - interval 1 day as date)
{%- endmacro %}

{#-
  Individual income tax, cumulative withholding (个人所得税预扣率表一): annual brackets on the
  year-to-date taxable income; tax = taxable x rate - quick deduction.
-#}
{% macro iit_annual_brackets() -%}
    (
        select *
        from (
            values
                (0, 36000, 0.03, 0),
                (36000, 144000, 0.10, 2520),
                (144000, 300000, 0.20, 16920),
                (300000, 420000, 0.25, 31920),
                (420000, 660000, 0.30, 52920),
                (660000, 960000, 0.35, 85920),
                (960000, null, 0.45, 181920)
        ) as brackets (lower_bound_yuan, upper_bound_yuan, rate, quick_deduction_yuan)
    )
{%- endmacro %}
