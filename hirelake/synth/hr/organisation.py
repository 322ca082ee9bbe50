"""The hospital's organisation tree (hospital -> division -> department -> ward) and its positions.

Fixed reference data: it does not depend on the seed, so every run describes the same hospital.
Positions carry the "position DNA" the interview side needs: title, department, grade band, duties,
required licences and the competency model that drives question selection and scoring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RoleFamily = Literal["clinical_physician", "nurse", "administrative"]
OrgLevel = Literal["hospital", "division", "department", "ward"]
Licence = Literal["physician_practising_certificate", "nurse_practising_certificate"]

LICENCE_NAMES_ZH: dict[str, str] = {
    "physician_practising_certificate": "医师执业证书",
    "nurse_practising_certificate": "护士执业证书",
}
LICENCE_FOR_FAMILY: dict[RoleFamily, Licence | None] = {
    "clinical_physician": "physician_practising_certificate",
    "nurse": "nurse_practising_certificate",
    "administrative": None,
}


@dataclass(frozen=True)
class OrgUnit:
    org_unit_id: str
    parent_id: str | None
    level: OrgLevel
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Department:
    """A department with its headcount weight and the rota its clinical staff work."""

    department_id: str
    division_id: str
    name_zh: str
    name_en: str
    clinical: bool
    headcount_weight: float
    # 12-hour emergency rota (white-night-off-off) for emergency and intensive care.
    acute: bool
    wards: tuple[tuple[str, str], ...]  # (name_zh, name_en)


@dataclass(frozen=True)
class Position:
    """One position's requirements ("position DNA"), synced from the HRIS to the interview side."""

    position_id: str
    title_zh: str
    title_en: str
    department_id: str
    department_name_zh: str
    department_name_en: str
    role_family: RoleFamily
    grade_band: tuple[str, ...]
    duties_zh: str
    duties_en: str
    required_licences: tuple[Licence, ...]
    competencies: tuple[str, ...]


HOSPITAL = OrgUnit("H01", None, "hospital", "示例市第一人民医院", "Sample City First People's Hospital")
DIVISIONS: tuple[OrgUnit, ...] = (
    OrgUnit("DIV-MED", "H01", "division", "内科系统", "Division of Medicine"),
    OrgUnit("DIV-SUR", "H01", "division", "外科系统", "Division of Surgery"),
    OrgUnit("DIV-EMC", "H01", "division", "急诊与重症医学部", "Division of Emergency and Critical Care"),
    OrgUnit("DIV-WCH", "H01", "division", "妇儿系统", "Division of Women's and Children's Health"),
    OrgUnit("DIV-ADM", "H01", "division", "行政职能部门", "Administration"),
)
DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "DEP-ED",
        "DIV-EMC",
        "急诊科",
        "Emergency Department",
        True,
        0.14,
        True,
        (("急诊抢救室", "Resuscitation Room"), ("急诊留观病区", "Emergency Observation Ward")),
    ),
    Department(
        "DEP-ICU",
        "DIV-EMC",
        "重症医学科",
        "Intensive Care Unit",
        True,
        0.08,
        True,
        (("ICU病区", "ICU Ward"),),
    ),
    Department(
        "DEP-CARD",
        "DIV-MED",
        "心血管内科",
        "Cardiology",
        True,
        0.12,
        False,
        (("心内一病区", "Cardiology Ward 1"), ("心内二病区", "Cardiology Ward 2")),
    ),
    Department(
        "DEP-RESP",
        "DIV-MED",
        "呼吸内科",
        "Respiratory Medicine",
        True,
        0.08,
        False,
        (("呼吸内科病区", "Respiratory Ward"),),
    ),
    Department(
        "DEP-GSUR",
        "DIV-SUR",
        "普通外科",
        "General Surgery",
        True,
        0.12,
        False,
        (("普外一病区", "General Surgery Ward 1"), ("普外二病区", "General Surgery Ward 2")),
    ),
    Department(
        "DEP-ORTH", "DIV-SUR", "骨科", "Orthopaedics", True, 0.08, False, (("骨科病区", "Orthopaedic Ward"),)
    ),
    Department(
        "DEP-PAED", "DIV-WCH", "儿科", "Paediatrics", True, 0.08, False, (("儿科病区", "Paediatric Ward"),)
    ),
    Department(
        "DEP-OBGY",
        "DIV-WCH",
        "妇产科",
        "Obstetrics and Gynaecology",
        True,
        0.08,
        False,
        (("妇产科病区", "Obstetrics and Gynaecology Ward"),),
    ),
    Department("DEP-HR", "DIV-ADM", "人力资源部", "Human Resources", False, 0.05, False, ()),
    Department("DEP-FIN", "DIV-ADM", "财务部", "Finance", False, 0.05, False, ()),
    Department("DEP-IT", "DIV-ADM", "信息中心", "Information Centre", False, 0.05, False, ()),
    Department("DEP-MA", "DIV-ADM", "医务部", "Medical Affairs", False, 0.07, False, ()),
)
EMERGENCY_DEPARTMENT_ID = "DEP-ED"

GRADE_BANDS: dict[RoleFamily, tuple[str, ...]] = {
    "clinical_physician": ("P1", "P2", "P3", "P4"),
    "nurse": ("N1", "N2", "N3", "N4"),
    "administrative": ("A1", "A2", "A3", "A4"),
}

_PHYSICIAN_COMPETENCIES = (
    "clinical_knowledge",
    "clinical_decision_making",
    "patient_communication",
    "medical_ethics",
)
_NURSE_COMPETENCIES = ("nursing_skill", "patient_communication", "infection_control")
_ADMIN_COMPETENCIES = ("communication", "teamwork", "policy_knowledge")
_SPECIAL_COMPETENCIES: dict[tuple[str, RoleFamily], tuple[str, ...]] = {
    ("DEP-ED", "nurse"): ("emergency_response", "night_shift_fitness", "patient_communication"),
    ("DEP-ED", "clinical_physician"): (
        "emergency_response",
        "clinical_decision_making",
        "night_shift_fitness",
        "patient_communication",
    ),
    ("DEP-ICU", "nurse"): ("critical_care_monitoring", "night_shift_fitness", "infection_control"),
}
_ADMIN_TITLES: dict[str, tuple[str, str, str, str]] = {
    "DEP-HR": (
        "人力资源专员",
        "HR Specialist",
        "招聘、入职、考勤与薪酬核算",
        "recruiting, onboarding, attendance and payroll",
    ),
    "DEP-FIN": ("财务会计", "Accountant", "医院财务核算与成本管理", "hospital accounting and cost control"),
    "DEP-IT": (
        "信息工程师",
        "IT Engineer",
        "医院信息系统运维与数据安全",
        "hospital information systems and data security",
    ),
    "DEP-MA": (
        "医务管理专员",
        "Medical Affairs Officer",
        "医疗质量管理与执业资格审核",
        "quality management and licence checks",
    ),
}


def org_units() -> list[OrgUnit]:
    """The whole tree, parents before children."""
    units = [HOSPITAL, *DIVISIONS]
    for dept in DEPARTMENTS:
        units.append(OrgUnit(dept.department_id, dept.division_id, "department", dept.name_zh, dept.name_en))
    for dept in DEPARTMENTS:
        for number, (name_zh, name_en) in enumerate(dept.wards, start=1):
            units.append(
                OrgUnit(ward_id(dept.department_id, number), dept.department_id, "ward", name_zh, name_en)
            )
    return units


def ward_id(department_id: str, number: int) -> str:
    return f"WRD-{department_id.removeprefix('DEP-')}-{number}"


def _clinical_position(dept: Department, family: RoleFamily, number: int) -> Position:
    licence = LICENCE_FOR_FAMILY[family]
    if family == "clinical_physician":
        title_zh, title_en = f"{dept.name_zh}医师", f"{dept.name_en} Physician"
        duties_zh = f"{dept.name_zh}门诊、病房诊疗及值班"
        duties_en = f"outpatient and ward care in {dept.name_en}, including on-call nights"
    else:
        title_zh, title_en = f"{dept.name_zh}护士", f"{dept.name_en} Nurse"
        duties_zh = f"{dept.name_zh}临床护理、病情观察与轮班"
        duties_en = f"clinical nursing and patient observation in {dept.name_en}, rotating shifts"
    default = _PHYSICIAN_COMPETENCIES if family == "clinical_physician" else _NURSE_COMPETENCIES
    return Position(
        position_id=f"POS{number:03d}",
        title_zh=title_zh,
        title_en=title_en,
        department_id=dept.department_id,
        department_name_zh=dept.name_zh,
        department_name_en=dept.name_en,
        role_family=family,
        grade_band=GRADE_BANDS[family],
        duties_zh=duties_zh,
        duties_en=duties_en,
        required_licences=(licence,) if licence else (),
        competencies=_SPECIAL_COMPETENCIES.get((dept.department_id, family), default),
    )


def positions() -> list[Position]:
    """One physician and one nurse position per clinical department, one post per administrative one."""
    result: list[Position] = []
    for dept in DEPARTMENTS:
        if dept.clinical:
            for family in ("clinical_physician", "nurse"):
                result.append(_clinical_position(dept, family, len(result) + 1))
            continue
        title_zh, title_en, duties_zh, duties_en = _ADMIN_TITLES[dept.department_id]
        result.append(
            Position(
                position_id=f"POS{len(result) + 1:03d}",
                title_zh=title_zh,
                title_en=title_en,
                department_id=dept.department_id,
                department_name_zh=dept.name_zh,
                department_name_en=dept.name_en,
                role_family="administrative",
                grade_band=GRADE_BANDS["administrative"],
                duties_zh=duties_zh,
                duties_en=duties_en,
                required_licences=(),
                competencies=_ADMIN_COMPETENCIES,
            )
        )
    return result
