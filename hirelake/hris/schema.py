"""The canonical HRIS entities: columns, their types, keys and references, as the lake stores them.

One description drives every column rule (type, required, allowed values, range) and every cross-table
check (duplicate keys, references within the sync). The columns and their order are the ones the
synthetic hospital's HRIS exports, so a sync lands exactly what `raw_zone.land_csv` landed before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnKind = Literal["text", "int", "decimal", "bool", "date", "timestamp", "time", "list"]
LIST_SEPARATOR = "|"  # list-valued cells (grade band, licences, competencies) as the HRIS writes them

ROLE_FAMILIES = ("clinical_physician", "nurse", "administrative")
LICENCES = ("physician_practising_certificate", "nurse_practising_certificate")
DAY_TYPES = ("workday", "rest_day", "holiday")


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()  # allowed values (for a list: allowed items)
    minimum: float | None = None
    maximum: float | None = None
    references: str | None = None  # "entity.column" that must hold this value within the sync
    wildcard: str | None = None  # a value that stands for "all" and references nothing (e.g. "*")


@dataclass(frozen=True)
class EntitySchema:
    name: str
    key: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def _id(name: str) -> Column:
    return Column(name, required=True)


def _ref(name: str, target: str, *, required: bool = True) -> Column:
    return Column(name, required=required, references=target)


_EMPLOYEE = "employees.employee_id"
_CANDIDATE = "candidates.candidate_id"
_ORG = "org_units.org_unit_id"

ENTITIES: dict[str, EntitySchema] = {
    s.name: s
    for s in (
        EntitySchema("org_units", "org_unit_id", (
            _id("org_unit_id"),
            _ref("parent_id", _ORG, required=False),
            Column("level", required=True, choices=("hospital", "division", "department", "ward")),
            Column("name_zh", required=True),
            Column("name_en"),
        )),
        EntitySchema("positions", "position_id", (
            _id("position_id"),
            Column("title_zh", required=True),
            Column("title_en"),
            _ref("department_id", _ORG),
            Column("department_name_zh"),
            Column("department_name_en"),
            Column("role_family", required=True, choices=ROLE_FAMILIES),
            Column("grade_band", "list", required=True, references="grades.grade_code"),
            Column("duties_zh"),
            Column("duties_en"),
            Column("required_licences", "list", choices=LICENCES),
            Column("competencies", "list", required=True),
        )),
        EntitySchema("grades", "grade_code", (
            _id("grade_code"),
            Column("role_family", required=True, choices=ROLE_FAMILIES),
            Column("title_zh", required=True),
            Column("title_en"),
            Column("base_salary_cents", "int", required=True, minimum=0),
            Column("starting_performance_coefficient", "decimal", required=True, minimum=0),
        )),
        EntitySchema("allowance_rules", "rule_id", (
            _id("rule_id"),
            Column("department_id", required=True, references=_ORG, wildcard="*"),
            Column("allowance_code", required=True),
            Column("name_zh"),
            Column("name_en"),
            Column("unit", required=True),
            Column("amount_cents", "int", required=True, minimum=0),
            Column("applies_to_shift_codes", "list", references="shift_types.shift_code"),
        )),
        EntitySchema("city_settings", "setting_key", (
            Column("city_code", required=True),
            _id("setting_key"),
            Column("value", "decimal", required=True),
            Column("unit"),
            Column("note"),
        )),
        EntitySchema("calendar", "calendar_date", (
            Column("calendar_date", "date", required=True),
            Column("weekday", "int", required=True, minimum=1, maximum=7),
            Column("day_type", required=True, choices=DAY_TYPES),
            Column("is_makeup_workday", "bool", required=True),
            Column("holiday_name_zh"),
            Column("holiday_name_en"),
            Column("source"),
        )),
        EntitySchema("shift_types", "shift_code", (
            _id("shift_code"),
            Column("name_zh"),
            Column("name_en"),
            Column("start_time", "time", required=True),
            Column("duration_minutes", "int", required=True, minimum=1),
            Column("paid_hours", "decimal", required=True, minimum=0),
            Column("crosses_midnight", "bool", required=True),
        )),
        EntitySchema("candidates", "candidate_id", (
            _id("candidate_id"),
            Column("name_zh", required=True),
            Column("name_en"),
            Column("birth_year", "int", minimum=1900, maximum=2100),
            Column("education"),
            Column("source"),
            Column("language_preference", choices=("zh", "en")),
        )),
        EntitySchema("candidate_demographics", "candidate_id", (
            _ref("candidate_id", _CANDIDATE),
            Column("sex"),
            Column("ethnicity"),
            Column("ethnicity_zh"),
            Column("self_reported", "bool"),
        )),
        EntitySchema("applications", "application_id", (
            _id("application_id"),
            _ref("candidate_id", _CANDIDATE),
            _ref("position_id", "positions.position_id"),
            Column("applied_date", "date", required=True),
            Column("outcome", choices=("hired", "rejected", "withdrawn")),
            Column("decision_date", "date"),
            Column("hire_date", "date"),
        )),
        EntitySchema("consents", "consent_id", (
            _id("consent_id"),
            _ref("candidate_id", _CANDIDATE),
            Column("purpose", required=True),
            Column("granted", "bool", required=True),
            Column("recorded_at", "timestamp", required=True),
            Column("notice_version"),
            Column("channel"),
        )),
        EntitySchema("employees", "employee_id", (
            _id("employee_id"),
            _ref("candidate_id", _CANDIDATE, required=False),
            Column("name_zh", required=True),
            Column("name_en"),
            Column("sex"),
            Column("birth_date", "date"),
            _ref("department_id", _ORG),
            _ref("ward_id", _ORG, required=False),
            _ref("position_id", "positions.position_id"),
            Column("role_family", required=True, choices=ROLE_FAMILIES),
            _ref("grade_code", "grades.grade_code"),
            Column("hire_date", "date", required=True),
            Column("employment_status"),
        )),
        EntitySchema("contracts", "contract_id", (
            _id("contract_id"),
            _ref("employee_id", _EMPLOYEE),
            Column("contract_type", required=True, choices=("fixed_term", "open_ended")),
            Column("start_date", "date", required=True),
            Column("term_months", "int", minimum=0),
            Column("end_date", "date"),
            Column("probation_months", "int", minimum=0, maximum=6),
            Column("probation_end_date", "date"),
            _ref("grade_code", "grades.grade_code"),
            Column("base_salary_cents", "int", required=True, minimum=0),
            Column("performance_coefficient", "decimal", minimum=0),
            Column("probation_pay_rate", "decimal", minimum=0, maximum=1),
        )),
        EntitySchema("licences", "licence_id", (
            _id("licence_id"),
            _ref("employee_id", _EMPLOYEE),
            Column("licence_type", required=True, choices=LICENCES),
            Column("licence_name_zh"),
            Column("licence_no", required=True),
            Column("issuing_authority"),
            Column("issued_date", "date"),
            Column("expiry_date", "date", required=True),
        )),
        EntitySchema("training_records", "training_id", (
            _id("training_id"),
            _ref("employee_id", _EMPLOYEE),
            Column("course_code", required=True),
            Column("course_name_zh"),
            Column("course_name_en"),
            Column("completed_date", "date"),
            Column("hours", "decimal", minimum=0),
            Column("result"),
            Column("score", "decimal", minimum=0, maximum=100),
        )),
        EntitySchema("tax_deductions", "deduction_id", (
            _id("deduction_id"),
            _ref("employee_id", _EMPLOYEE),
            Column("deduction_type", required=True),
            Column("description_zh"),
            Column("monthly_amount_cents", "int", required=True, minimum=0),
            Column("effective_from", "date", required=True),
            Column("tax_year", "int", minimum=2000, maximum=2100),
        )),
        EntitySchema("leave_records", "leave_id", (
            _id("leave_id"),
            _ref("employee_id", _EMPLOYEE),
            Column("leave_type", required=True),
            Column("leave_type_zh"),
            Column("start_date", "date", required=True),
            Column("end_date", "date"),
            Column("days", "decimal", minimum=0),
            Column("hours", "decimal", minimum=0),
            Column("status"),
        )),
        EntitySchema("shifts", "shift_id", (
            Column("shift_id", "int", required=True),
            _ref("employee_id", _EMPLOYEE),
            Column("shift_date", "date", required=True),
            _ref("shift_code", "shift_types.shift_code"),
            Column("planned_start_at", "timestamp", required=True),
            Column("planned_end_at", "timestamp", required=True),
            Column("day_type", choices=DAY_TYPES),
        )),
        EntitySchema("clock_events", "event_id", (
            Column("event_id", "int", required=True),
            _ref("employee_id", _EMPLOYEE),
            Column("shift_id", "int", references="shifts.shift_id"),
            Column("event_at", "timestamp", required=True),
            Column("direction", required=True, choices=("in", "out")),
            Column("device_id"),
        )),
    )
}  # fmt: skip
