from datetime import date

import pytest

from hirelake.synth.hr.contracts import add_months, max_probation_months, period_end


@pytest.mark.parametrize(
    ("term", "probation"),
    [(0, 0), (2, 0), (3, 1), (6, 1), (11, 1), (12, 2), (24, 2), (35, 2), (36, 6), (60, 6), (None, 6)],
)
def test_labour_contract_law_article_19(term: int | None, probation: int) -> None:
    assert max_probation_months(term) == probation


def test_negative_term_is_refused() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        max_probation_months(-1)


def test_month_arithmetic_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert period_end(date(2026, 3, 1), 12) == date(2027, 2, 28)
    assert period_end(date(2026, 1, 15), 1) == date(2026, 2, 14)
