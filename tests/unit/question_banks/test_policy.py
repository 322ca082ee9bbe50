"""Policy files make the next bank version; the old version never changes; diffs read in zh and en."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from hirelake.question_banks import (
    BANKS_DIR,
    POLICIES_DIR,
    BankError,
    KeyPoint,
    Policy,
    PolicyError,
    RedFlag,
    RubricChange,
    apply_policy,
    bank_yaml,
    diff_banks,
    list_banks,
    list_policies,
    load_bank,
    load_bank_file,
    load_policy,
    write_bank,
)

PRIVACY = POLICIES_DIR / "privacy_2025.yaml"
MEDICAL_RECORD = POLICIES_DIR / "medical_record_2026.yaml"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def banks_dir(tmp_path: Path) -> Path:
    """A writable copy of every shipped bank."""
    target = tmp_path / "banks"
    shutil.copytree(BANKS_DIR, target)
    return target


def test_privacy_policy_on_v1_gives_exactly_the_shipped_v2() -> None:
    v1_file = BANKS_DIR / "nurse_emergency" / "v1.yaml"
    before = _sha(v1_file)
    v1 = load_bank("nurse_emergency", 1)
    new, change = apply_policy(v1, load_policy(PRIVACY))
    assert new == load_bank("nurse_emergency", 2)
    assert (change.policy_id, change.from_version, change.to_version) == ("privacy_2025", 1, 2)
    assert new.changes == (change,)
    assert change.summary.en == "Added question EDN-C03; EDN-C01: added key point log_disclosure"
    assert change.summary.zh == "新增题目 EDN-C03；EDN-C01：新增评分要点 log_disclosure"
    assert load_bank("nurse_emergency", 1) == v1  # the old version is untouched
    assert _sha(v1_file) == before
    assert v1.changes == ()


def test_a_policy_is_applied_once_and_only_where_it_applies() -> None:
    privacy = load_policy(PRIVACY)
    with pytest.raises(PolicyError, match="already part of nurse_emergency@2"):
        apply_policy(load_bank("nurse_emergency", 2), privacy)
    with pytest.raises(PolicyError, match="does not apply to nurse_ward@1"):
        apply_policy(load_bank("nurse_ward"), privacy)
    record = load_policy(MEDICAL_RECORD)
    assert [
        b
        for b in (
            "clinical_physician_emergency",
            "clinical_physician_cardiology",
            "nurse_ward",
            "administrative",
        )
        if record.applies(load_bank(b))
    ] == ["clinical_physician_emergency", "clinical_physician_cardiology"]


def test_medical_record_standard_makes_v2_of_both_physician_banks(banks_dir: Path) -> None:
    record = load_policy(MEDICAL_RECORD)
    for bank_id in ("clinical_physician_emergency", "clinical_physician_cardiology"):
        old = load_bank(bank_id, banks_dir=banks_dir)
        old_bytes = _sha(banks_dir / bank_id / "v1.yaml")
        new, change = apply_policy(old, record)
        path = write_bank(new, banks_dir)
        assert path == banks_dir / bank_id / "v2.yaml"
        assert load_bank(bank_id, banks_dir=banks_dir) == new  # newest now, and round-trips through YAML
        assert _sha(banks_dir / bank_id / "v1.yaml") == old_bytes
        assert new.effective_from.isoformat() == "2026-01-01"
        assert new.policy_notes[-1] == record.summary
        diff = diff_banks(old, new)
        assert [q.question_id for q in diff.added] == ["MRS-C01"] and not diff.removed
        compliance = {q.question_id for q in old.by_category("compliance_scenario")}
        assert {q.question_id for q in diff.changed} == compliance
        for question in diff.changed:
            assert {(c.part, c.action, c.item) for c in question.changes} == {
                ("domain_term", "added", "电子病历"),
                ("domain_term", "added", "electronic medical record"),
            }
        assert "MRS-C01" in change.summary.en and "added 1 domain term" in change.summary.en
        assert "新增专业术语 1 个" in change.summary.zh
        # the shipped banks are not touched by a run in another folder
        assert [r.version for r in list_banks() if r.bank_id == bank_id] == [1]


def test_write_bank_never_rewrites_a_version(banks_dir: Path) -> None:
    bank = load_bank("administrative", banks_dir=banks_dir)
    assert write_bank(bank, banks_dir) == banks_dir / "administrative" / "v1.yaml"  # same content: no-op
    retitled = bank.model_copy(update={"title_en": "Something else"})
    with pytest.raises(BankError, match="bank versions never change"):
        write_bank(retitled, banks_dir)


@pytest.mark.parametrize("ref", list_banks(), ids=lambda r: f"{r.bank_id}-v{r.version}")
def test_every_shipped_bank_round_trips_through_bank_yaml(ref: object, tmp_path: Path) -> None:
    bank = load_bank_file(ref.path)  # type: ignore[attr-defined]
    path = write_bank(bank, tmp_path)
    assert load_bank_file(path) == bank
    assert "&id" not in bank_yaml(bank)  # no YAML anchors in files people read


def _policy(**changes: object) -> Policy:
    base = {
        "policy_id": "test_rule",
        "effective_from": "2026-03-01",
        "title": {"zh": "测试规则", "en": "Test rule"},
        "summary": {"zh": "测试。", "en": "Test."},
        "applies_to": {"banks": ["nurse_ward"]},
    }
    return Policy.model_validate(base | changes)


def test_replacing_key_points_and_red_flags_and_swapping_terms() -> None:
    ward = load_bank("nurse_ward")
    question = ward.by_category("compliance_scenario")[0]
    point, flag = question.rubric.key_points[0], question.rubric.red_flags[0]
    new_point = point.model_copy(update={"en": point.en + " and record it", "synonyms_en": ("record",)})
    new_flag = flag.model_copy(update={"reason": "Stricter wording."})
    term_zh, term_en = question.rubric.domain_terms_zh[0], question.rubric.domain_terms_en[0]
    policy = _policy(
        rubric_changes=[
            {
                "question_id": question.question_id,
                "replace_key_points": [new_point.model_dump()],
                "add_red_flags": [
                    {"id": "shrug_off", "zh": "无所谓", "en": "it does not matter", "reason": "Ignores duty."}
                ],
                "replace_red_flags": [new_flag.model_dump()],
                "remove_domain_terms_zh": [term_zh],
                "remove_domain_terms_en": [term_en],
                "add_domain_terms_zh": ["知情同意"],
                "add_domain_terms_en": ["informed consent"],
            }
        ]
    )
    new, change = apply_policy(ward, policy)
    changed = new.question(question.question_id).rubric
    assert changed.key_points[0] == new_point and changed.key_points[1:] == question.rubric.key_points[1:]
    assert changed.red_flags == (
        new_flag,
        RedFlag(id="shrug_off", zh="无所谓", en="it does not matter", reason="Ignores duty."),
    )
    assert term_zh not in changed.domain_terms_zh and changed.domain_terms_en[-1] == "informed consent"
    diff = diff_banks(ward, new)
    (question_diff,) = diff.changed
    actions = {(c.part, c.action, c.item) for c in question_diff.changes}
    assert {
        ("key_point", "changed", point.id),
        ("red_flag", "changed", flag.id),
        ("red_flag", "added", "shrug_off"),
        ("domain_term", "removed", term_en),
        ("domain_term", "added", "知情同意"),
    } <= actions
    zh, en = "\n".join(diff.lines("zh")), "\n".join(diff.lines("en"))
    assert f"修改评分要点 {point.id}：{point.zh} → {point.zh}" in zh
    assert f"key point {point.id} changed: {point.en} → {new_point.en}" in en
    assert "新增红线表述 shrug_off：无所谓" in zh and "red flag shrug_off added: it does not matter" in en
    assert "删除专业术语（中文）：" + term_zh in zh and f"domain term (English) removed: {term_en}" in en
    assert change.summary.zh.startswith(question.question_id + "：")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {
                "rubric_changes": [
                    {"question_id": "NOPE-1", "add_domain_terms_zh": ["x"], "add_domain_terms_en": ["x"]}
                ]
            },
            "no question matches",
        ),
        (
            {
                "rubric_changes": [
                    {"category": "knowledge", "replace_key_points": [{"id": "ghost", "zh": "甲", "en": "a"}]}
                ]
            },
            "no such id",
        ),
        (
            {
                "rubric_changes": [
                    {
                        "category": "knowledge",
                        "remove_domain_terms_zh": ["不存在"],
                        "remove_domain_terms_en": ["absent"],
                    }
                ]
            },
            "does not list them",
        ),
        ({"add_questions": [load_bank("nurse_ward").questions[0].model_dump()]}, "already has"),
        (
            {
                "effective_from": "2024-12-31",
                "rubric_changes": [
                    {"category": "knowledge", "add_domain_terms_zh": ["甲"], "add_domain_terms_en": ["a"]}
                ],
            },
            "take effect later",
        ),
    ],
)
def test_policies_that_cannot_apply_say_why(changes: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        apply_policy(load_bank("nurse_ward"), _policy(**changes))


def test_adding_a_key_point_that_exists_is_refused() -> None:
    ward = load_bank("nurse_ward")
    first = ward.questions[0]
    point = KeyPoint.model_validate(first.rubric.key_points[0].model_dump())
    policy = _policy(rubric_changes=[RubricChange(question_id=first.question_id, add_key_points=(point,))])
    with pytest.raises(PolicyError, match=r"already exist .*replace_key_points"):
        apply_policy(ward, policy)


def test_policy_files_validate_and_name_their_file(tmp_path: Path) -> None:
    shipped = list_policies()
    assert {p.policy_id for p in shipped} >= {"privacy_2025", "medical_record_2026"}
    assert all(p.title.zh and p.title.en and p.summary.zh and p.summary.en for p in shipped)
    data = yaml.safe_load(PRIVACY.read_text(encoding="utf-8"))
    renamed = tmp_path / "other_name.yaml"
    renamed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"store it as privacy_2025\.yaml"):
        load_policy(renamed)
    data["rubric_changes"][0]["add_domain_terms_zh"] = ["登记"]
    broken = tmp_path / "privacy_2025.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PolicyError, match="must pair up"):
        load_policy(broken)
    data["rubric_changes"][0] |= {"add_domain_terms_en": ["log"], "category": "knowledge"}
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PolicyError, match="exactly one of question_id or category"):
        load_policy(broken)
    with pytest.raises(ValidationError, match="applies_to needs banks or role_families"):
        _policy(applies_to={}, add_questions=[])
    with pytest.raises(ValidationError, match="must add questions or change rubrics"):
        _policy()
