"""How a deletion recognises a candidate in text and tables: whole ids only, names anywhere."""

from __future__ import annotations

import pyarrow as pa

from hirelake.deletion import _Matcher, _pseudonymised_table, _without_rows


def test_ids_match_as_whole_tokens_only() -> None:
    matcher = _Matcher({"C-1": "erased-a", "iv-7": "erased-b"})
    assert matcher.mentions("consent missing for candidate C-1: archived")
    assert matcher.mentions("raw/media/iv-7/abc.mp4")
    assert not matcher.mentions("candidate C-12")  # another candidate
    assert not matcher.mentions("iv-7-retake")  # another interview
    assert matcher.replace("C-1 in silver/x/interview_id=iv-7/a.parquet") == (
        "erased-a in silver/x/interview_id=erased-b/a.parquet"
    )


def test_names_are_cut_from_free_text_and_documents() -> None:
    matcher = _Matcher({"C-1": "erased-a"}, names=["林晓红", "Lin Xiaohong", "X"])
    document = {"reason": "林晓红 hesitated", "candidate_id": "C-1", "tags": ["Lin Xiaohong", 3]}
    assert matcher.replace_document(document) == {
        "reason": "[erased] hesitated",
        "candidate_id": "erased-a",
        "tags": ["[erased]", 3],
    }
    assert not matcher.mentions("X-ray")  # one-letter names would erase ordinary words


def test_marts_lose_rows_and_hris_rows_are_pseudonymised() -> None:
    matcher = _Matcher({"C-1": "erased-a"}, names=["王芳"])
    mart = pa.table({"candidate_id": ["C-1", "C-2"], "score": [1.0, 2.0]})
    kept, removed = _without_rows(mart, matcher)
    assert removed == 1 and kept.to_pylist() == [{"candidate_id": "C-2", "score": 2.0}]
    candidates = pa.table(
        {"candidate_id": ["C-1", "C-2"], "name_zh": ["王芳", "李雷"], "birth_year": ["1990", "1991"]}
    )
    rewritten = _pseudonymised_table(candidates, matcher, "candidates")
    assert rewritten is not None and rewritten.schema == candidates.schema
    assert rewritten.to_pylist() == [
        {"candidate_id": "erased-a", "name_zh": None, "birth_year": None},
        {"candidate_id": "C-2", "name_zh": "李雷", "birth_year": "1991"},
    ]
    assert _pseudonymised_table(pa.table({"employee_id": ["E1"]}), matcher, "clock_events") is None
