"""Labour-contract rules the generator must respect (PRC Labour Contract Law, in hirelake.labour_law)."""

from __future__ import annotations

from hirelake.labour_law import add_months, max_probation_months, period_end

__all__ = ["add_months", "max_probation_months", "period_end"]
