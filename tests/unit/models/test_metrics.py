"""Word and character error rates against hand-counted examples."""

from __future__ import annotations

import pytest

from models.metrics import (
    character_error_rate,
    character_errors,
    chinese_characters,
    edit_distance,
    english_words,
    word_error_rate,
    word_errors,
)


def test_edit_distance_known_pairs() -> None:
    assert edit_distance(list("kitten"), list("sitting")) == 3
    assert edit_distance([], list("abc")) == 3
    assert edit_distance(list("abc"), []) == 3
    assert edit_distance(list("same"), list("same")) == 0


def test_wer_counts_substitution_deletion_insertion() -> None:
    reference = "the cat sat on the mat"
    assert word_error_rate(reference, "the cat sat on the mat") == 0.0
    assert word_errors(reference, "the cat sit on mat").errors == 2  # one substitution, one deletion
    assert word_error_rate(reference, "the cat sit on mat") == pytest.approx(2 / 6)
    assert word_error_rate(reference, "the big cat sat on the mat") == pytest.approx(1 / 6)  # insertion


def test_wer_normalises_case_and_punctuation() -> None:
    assert english_words("Don't stop -- the Nurse's chart, please!") == [
        "dont",
        "stop",
        "the",
        "nurses",
        "chart",
        "please",
    ]
    assert word_error_rate("Hello, world.", "hello world") == 0.0


def test_wer_can_exceed_one() -> None:
    assert word_error_rate("yes", "no no no") == pytest.approx(3.0)


def test_cer_ignores_punctuation_and_spaces() -> None:
    assert chinese_characters("我们，应该 联系。") == list("我们应该联系")
    assert character_error_rate("我们应该联系医院", "我们应该联系医院。") == 0.0
    assert (
        character_errors("我们应该联系医院的护士", "我们也该联系医院护士").errors == 2
    )  # 应->也, 的 deleted
    assert character_error_rate("我们应该联系医院的护士", "我们也该联系医院护士") == pytest.approx(2 / 11)


def test_empty_reference_is_refused() -> None:
    with pytest.raises(ValueError, match="reference is empty"):
        word_error_rate(" ,. ", "anything")
