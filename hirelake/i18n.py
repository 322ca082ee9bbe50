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
    "flag.incomplete_transcript": (
        "转写只记录了候选人部分讲话，评分可能偏低：请回放录像核实",
        "The transcript lost part of the candidate's speech; scores may be too low: listen to the recording",
    ),
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
    # dashboards (apps/): shell and login
    "dash.app_title": ("医院人才数据平台", "hirelake hospital HR"),
    "dash.language": ("语言", "Language"),
    "dash.login": ("登录", "Sign in"),
    "dash.username": ("用户名", "User name"),
    "dash.password": ("密码", "Password"),
    "dash.login_failed": ("用户名或密码错误。", "Wrong user name or password."),
    "dash.logout": ("退出登录", "Sign out"),
    "dash.session_expired": ("会话已过期，请重新登录。", "Your session expired; please sign in again."),
    "dash.session_left": ("会话剩余 {minutes} 分钟", "Session ends in {minutes} min"),
    "dash.signed_in_as": ("当前用户：{name}（{role}）", "Signed in as {name} ({role})"),
    "dash.no_users": (
        "尚无用户文件：请运行 `hirelake dashboards users` 创建演示用户。",
        "No users file yet: run `hirelake dashboards users` to create the demo users.",
    ),
    "dash.not_allowed": ("您的角色无权访问此页面。", "Your role may not open this page."),
    "dash.not_signed_in": ("请先登录。", "Please sign in first."),
    "dash.no_data": ("暂无数据。", "No data yet."),
    "dash.not_built": (
        "数据集市 {table} 尚未构建（运行 marts 构建后显示）。",
        "The mart {table} is not built yet (shown once the marts build has run).",
    ),
    "dash.scope": ("可见科室：{departments}", "Departments in scope: {departments}"),
    "dash.all_departments": ("全部科室", "all departments"),
    "dash.masked_note": (
        "部分列（薪酬、证件号码）已按您的角色遮蔽。",
        "Some columns (pay, identity numbers) are masked for your role.",
    ),
    "role.hr_lead": ("人事负责人", "HR lead"),
    "role.reviewer": ("审核人", "Reviewer"),
    "role.compliance": ("合规专员", "Compliance officer"),
    "role.data_engineer": ("数据工程师", "Data engineer"),
    "role.admin": ("管理员", "Administrator"),
    "page.pipeline": ("岗位与候选人", "Positions and pipeline"),
    "page.report": ("候选人报告", "Candidate report"),
    "page.review": ("审核队列", "Review queue"),
    "page.weights": ("权重与题库", "Weights and banks"),
    "page.pay": ("薪酬模拟", "Pay simulation"),
    "page.compliance": ("合规", "Compliance"),
    "page.data_engineering": ("数据工程", "Data engineering"),
    # common columns
    "col.department": ("科室", "Department"),
    "col.position": ("岗位", "Position"),
    "col.candidate": ("候选人", "Candidate"),
    "col.interview": ("面试", "Interview"),
    "col.applicants": ("申请人数", "Applicants"),
    "col.interviewed": ("已面试", "Interviewed"),
    "col.scored": ("已评分", "Scored"),
    "col.awaiting_review": ("待审核", "Awaiting review"),
    "col.hired": ("已录用", "Hired"),
    "col.scored_at": ("评分时间", "Scored at"),
    "col.status": ("状态", "Status"),
    "col.severity": ("严重程度", "Severity"),
    "col.detail": ("说明", "Detail"),
    "col.speaker_id": ("声纹编号", "Speaker id"),
    "col.reason": ("理由", "Reason"),
    "col.when": ("时间", "When"),
    "col.who": ("操作人", "Who"),
    # pipeline page
    "pipeline.positions": ("岗位", "Positions"),
    "pipeline.candidates": ("候选人流程", "Candidate pipeline"),
    "pipeline.choose_position": ("选择岗位", "Choose a position"),
    "pipeline.open_report": ("打开报告", "Open report"),
    # report page
    "report.choose": ("选择面试", "Choose an interview"),
    "report.recording": ("面试录像", "Recording"),
    "report.no_recording": ("此面试没有可播放的录像。", "This interview has no playable recording."),
    "report.jump": ("跳转到 {time}", "Jump to {time}"),
    "report.transcript": ("按说话人转写", "Transcript by speaker"),
    "report.speaker": ("说话人", "Speaker"),
    "report.role_interviewer": ("面试官", "Interviewer"),
    "report.role_candidate": ("候选人", "Candidate"),
    "report.against_weights": ("维度得分与岗位权重", "Dimension scores against the role's weights"),
    "report.weighted_points": ("加权得分", "Weighted points"),
    "report.printable": ("可打印报告", "Printable report"),
    "report.reviewed": (
        "审核结论：{recommendation}（{reviewer}）",
        "Reviewed: {recommendation} ({reviewer})",
    ),
    "report.not_reviewed": ("尚未人工审核。", "Not reviewed by a person yet."),
    "report.reviewed_outcome": ("审核结论", "Reviewed outcome"),
    "hire.title": ("录用决定", "Hire decision"),
    "hire.decision": ("决定", "Decision"),
    "hire.hire": ("录用", "Hire"),
    "hire.reject": ("不录用", "Reject"),
    "hire.start_date": ("入职日期", "Start date"),
    "hire.term_months": ("合同期限（月，0 表示无固定期限）", "Contract term (months, 0 for open-ended)"),
    "hire.grade": ("职级", "Grade"),
    "hire.submit": ("提交录用决定", "Record hire decision"),
    "hire.recorded": ("已记录：{event_id}", "Recorded: {event_id}"),
    "hire.onboarding_sent": ("已推送入职审批至 HRIS。", "Onboarding approval sent to the HRIS."),
    "hire.onboarding_failed": (
        "入职推送失败，将在下次运行时重试：{reason}",
        "Onboarding delivery failed and will be retried: {reason}",
    ),
    "hire.existing": ("已有录用决定：{decision}（{by}，{at}）", "Decided already: {decision} ({by}, {at})"),
    # review page
    "review.queue": ("待审核", "Waiting for review"),
    "review.priority": ("优先级", "Priority"),
    "review.priority_high": ("临界/维度分歧", "Borderline / split"),
    "review.priority_routine": ("常规确认", "Routine"),
    "review.choose": ("选择要审核的面试", "Choose an interview to review"),
    "review.flagged_moments": ("标记时刻", "Flagged moments"),
    "review.action": ("审核决定", "Decision"),
    "review.override_to": ("改判为", "Override to"),
    "review.reason": ("理由（改判必填）", "Reason (required for an override)"),
    "review.submit": ("提交审核决定", "Record decision"),
    "review.recorded": ("已记录审核决定 {event_id}", "Decision {event_id} recorded"),
    "review.empty": ("审核队列为空。", "The review queue is empty."),
    # weights and banks
    "weights.sets": ("权重版本", "Weight versions"),
    "weights.banks": ("题库版本", "Question bank versions"),
    "weights.bank_diff": ("版本差异", "Version differences"),
    "weights.new_version": ("新建权重版本", "New weight version"),
    "weights.base_version": ("基于版本", "Based on version"),
    "weights.role_family": ("岗位族", "Role family"),
    "weights.note": ("变更说明", "Change note"),
    "weights.preview": ("排名变化预览", "How rankings would change"),
    "weights.rank_now": ("当前排名", "Rank now"),
    "weights.rank_new": ("新排名", "New rank"),
    "weights.total_now": ("当前总分", "Total now"),
    "weights.total_new": ("新总分", "New total"),
    "weights.rec_new": ("新建议", "New recommendation"),
    "weights.changed": (
        "{count} 位候选人的建议将改变。",
        "{count} candidates would get another recommendation.",
    ),
    "weights.save": ("保存为新版本", "Save as a new version"),
    "weights.saved": ("已保存权重版本 v{version}：{path}", "Saved weights v{version}: {path}"),
    "weights.sum_error": ("权重之和须为 100（当前 {total}）。", "Weights must sum to 100 (now {total})."),
    "weights.note_required": ("请填写变更说明。", "Please write a change note."),
    # pay simulation
    "pay.scenarios": ("薪酬方案", "Pay scenarios"),
    "pay.choose": ("选择对比方案", "Scenarios to compare"),
    "pay.month": ("月份", "Month"),
    "pay.cost_by_department": ("各科室总成本", "Total cost per department"),
    "pay.change_vs_baseline": ("相对基线的变化", "Change against the baseline"),
    "pay.headcount": ("人数", "Headcount"),
    "pay.gross": ("应发合计（元）", "Gross pay (yuan)"),
    # compliance
    "compliance.archive": ("档案检索", "Archive search"),
    "compliance.search_person": ("人员（姓名或编号）", "Person (name or id)"),
    "compliance.search_position": ("岗位", "Position"),
    "compliance.search_from": ("起始日期", "From"),
    "compliance.search_to": ("截止日期", "To"),
    "compliance.open_item": ("打开档案", "Open archive item"),
    "compliance.bias": ("偏差审计（五分之四规则）", "Bias audit (four-fifths rule)"),
    "compliance.four_fifths": ("0.8 基准线", "0.8 line"),
    "compliance.below": ("低于 0.8 的类别：{count}", "Categories below 0.8: {count}"),
    "compliance.consent": ("同意覆盖率", "Consent coverage"),
    "compliance.retention": ("保留期与删除请求", "Retention and deletion requests"),
    "compliance.overdue": ("逾期未处理：{count}", "Overdue: {count}"),
    "compliance.overrides": ("改判记录", "Override log"),
    "compliance.licences": ("执业证书有效期", "Licence expiry"),
    "compliance.access_log": ("访问日志", "Access log"),
    # data engineering
    "de.flow_runs": ("最近的流程运行", "Recent flow runs"),
    "de.flow_runs_source": ("来源：{source}", "Source: {source}"),
    "de.quarantine": ("隔离项目", "Quarantined items"),
    "de.quality": ("各表数据质量", "Data quality per table"),
    "de.freshness": ("数据湖新鲜度", "Lake freshness"),
    "de.models": ("在用模型版本", "Model versions in use"),
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
