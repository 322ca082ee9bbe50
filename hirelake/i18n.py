"""Every text an HR user or compliance officer reads, in Simplified Chinese and English.

One catalogue, one lookup: `text("recommendation.recommend", "zh")`. Reports, CLI messages meant for HR
and the dashboards all read from here, so switching the language setting switches everything.
A missing key fails loudly in tests (`missing_keys`) instead of showing a raw key to a user.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")

_CATALOGUE: dict[str, tuple[str, str]] = {
    # recommendations
    "recommendation.recommend": ("推荐录用", "Recommend"),
    "recommendation.hold": ("待定", "Hold"),
    "recommendation.not_recommended": ("不推荐", "Not recommended"),
    # dimensions
    "dimension.knowledge": ("专业知识", "Knowledge"),
    "dimension.clinical_skill": ("临床技能", "Clinical skill"),
    "dimension.professionalism": ("职业素养", "Professionalism"),
    "dimension.communication": ("沟通能力", "Communication"),
    "dimension.teamwork": ("团队协作", "Teamwork"),
    # answer score components
    "component.coverage": ("要点覆盖", "Key-point coverage"),
    "component.terms": ("专业术语", "Domain terms"),
    "component.structure": ("逻辑结构", "Logical structure"),
    "component.feasibility": ("措施可行性", "Feasibility of action"),
    "component.communication": ("沟通表达", "Communication"),
    # risk flags
    "flag.compliance_misunderstanding": (
        "对医疗保密/合规要求的理解与政策不符",
        "Understanding of medical confidentiality or compliance deviates from policy",
    ),
    "flag.second_voice": ("面试中出现第二人声音", "A second voice was heard during the interview"),
    "flag.second_face": ("画面中出现第二张人脸", "A second face appeared on camera"),
    "flag.face_absent": ("候选人长时间离开画面", "The candidate's face was absent for a long time"),
    "flag.missing_answer": ("有问题未作答或回答过短", "A question was not answered or barely answered"),
    "severity.high": ("高", "High"),
    "severity.medium": ("中", "Medium"),
    "severity.low": ("低", "Low"),
    # review and decisions
    "review.confirm": ("确认", "Confirm"),
    "review.override": ("改判", "Override"),
    "review.reason_required": (
        "改判必须填写理由（至少 {min_chars} 个字符）。",
        "An override needs a reason (at least {min_chars} characters).",
    ),
    "review.same_as_recommendation": (
        "改判结果与系统建议相同；请选择“确认”。",
        "The override equals the system's recommendation; choose Confirm instead.",
    ),
    "review.not_scored": (
        "面试 {interview_id} 尚无评分，无法审核。",
        "Interview {interview_id} has no scores yet, so it cannot be reviewed.",
    ),
    "hire.needs_review": (
        "面试 {interview_id} 的当前评分尚未经人工审核；请先在审核队列中确认或改判。",
        "The current scores of interview {interview_id} have not been reviewed by a person; "
        "confirm or override them in the review queue first.",
    ),
    "hire.not_recommended": (
        "审核结论为“{recommendation}”；录用需先改判为“推荐录用”或“待定”。",
        "The reviewed outcome is '{recommendation}'; override it to recommend or hold before hiring.",
    ),
    "hire.already_decided": (
        "面试 {interview_id} 已有录用决定（{decision}）。",
        "Interview {interview_id} already has a hire decision ({decision}).",
    ),
    # question bank changes
    "bank.added": ("新增", "added"),
    "bank.removed": ("删除", "removed"),
    "bank.changed": ("修改", "changed"),
    "bank.part.question": ("题目", "question"),
    "bank.part.key_point": ("评分要点", "key point"),
    "bank.part.red_flag": ("违规表述", "red flag"),
    "bank.part.domain_term": ("专业术语", "domain term"),
    "bank.part.empathy_phrase": ("共情用语", "empathy phrase"),
    # report
    "report.title": ("面试评估报告", "Interview assessment report"),
    "report.candidate": ("候选人", "Candidate"),
    "report.position": ("应聘岗位", "Position"),
    "report.interview": ("面试编号", "Interview"),
    "report.language": ("面试语言", "Interview language"),
    "report.total": ("加权总分", "Weighted total"),
    "report.recommendation": ("系统建议", "Recommendation"),
    "report.needs_review": ("需人工复核", "Needs human review"),
    "report.no_review_needed": ("常规人工确认", "Routine human confirmation"),
    "report.review_reasons": ("复核原因", "Review reasons"),
    "report.dimensions": ("各维度得分", "Dimension scores"),
    "report.dimension": ("维度", "Dimension"),
    "report.score": ("得分", "Score"),
    "report.weight": ("权重", "Weight"),
    "report.flags": ("风险提示", "Risk flags"),
    "report.no_flags": ("无风险提示", "No risk flags"),
    "report.evidence": ("评分依据", "Evidence"),
    "report.time": ("时间", "Time"),
    "report.question": ("问题", "Question"),
    "report.excerpt": ("回答摘录", "Answer excerpt"),
    "report.signals": ("信号", "Signals"),
    "report.answers": ("逐题评分", "Answers"),
    "report.versions": ("版本信息", "Versions"),
    "report.decision_note": (
        "本报告为辅助评估，任何录用建议须经人工确认或改判后方可生效。",
        "This report assists a person: no recommendation takes effect until a person confirms "
        "or overrides it.",
    ),
    "report.expression_off": (
        "本辖区不允许表情分析：表情信号未参与任何评分或提示。",
        "Expression analysis is not allowed in this jurisdiction: no expression signal reached "
        "any score or flag.",
    ),
    "report.expression_on": (
        "表情信号按本辖区规定少量参与沟通维度。",
        "Expression signals contribute a small, documented part of communication where lawful.",
    ),
    "report.generated_at": ("生成时间", "Generated at"),
    "report.pass_line": ("维度及格线", "Dimension pass line"),
}


def text(key: str, language: Language, **values: object) -> str:
    """The catalogue entry in `language`, with `{name}` placeholders filled from `values`."""
    try:
        zh, en = _CATALOGUE[key]
    except KeyError:
        raise KeyError(f"no translation for {key!r}; add it to hirelake/i18n.py") from None
    template = zh if language == "zh" else en
    return template.format(**values) if values else template


def both(key: str, **values: object) -> str:
    """Chinese and English together, for messages that may reach either reader (CLI errors, logs)."""
    return f"{text(key, 'zh', **values)} / {text(key, 'en', **values)}"


def missing_keys(keys: Iterable[str]) -> list[str]:
    return sorted(k for k in keys if k not in _CATALOGUE)


def keys() -> frozenset[str]:
    return frozenset(_CATALOGUE)
