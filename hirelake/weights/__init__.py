"""Versioned dimension weights and decision thresholds, as plain YAML files beside this module.

Read by scoring (`models/`) and by the dashboards' weight pages; a new version is a new file.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

WEIGHTS_DIR = Path(__file__).parent
_VERSION_FILE = re.compile(r"^v(\d+)\.yaml$")


class WeightsError(ValueError):
    """A weights file is missing or invalid; the message names the file and the problem."""


class Thresholds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    recommend_at: float = Field(ge=0, le=100)
    hold_at: float = Field(ge=0, le=100)
    review_band: float = Field(ge=0, le=50)
    dimension_pass: float = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.hold_at > self.recommend_at:
            raise ValueError("hold_at must not exceed recommend_at")
        return self


class WeightSet(BaseModel):
    """One version: weights per role family (summing to 100) and the decision thresholds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1)
    note: str = ""
    thresholds: Thresholds
    role_families: dict[str, dict[str, float]]
    folds: dict[str, dict[str, str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _sum_to_100(self) -> WeightSet:
        for family, weights in self.role_families.items():
            total = sum(weights.values())
            if abs(total - 100) > 1e-9 or any(w < 0 for w in weights.values()):
                raise ValueError(f"weights of {family} must be non-negative and sum to 100, not {total:g}")
        return self

    @property
    def ref(self) -> str:
        return f"weights@{self.version}"

    def for_family(self, role_family: str) -> dict[str, float]:
        try:
            return self.role_families[role_family]
        except KeyError:
            known = ", ".join(sorted(self.role_families))
            raise WeightsError(f"{self.ref} has no weights for {role_family!r} (known: {known})") from None


def weight_versions(directory: Path = WEIGHTS_DIR) -> list[int]:
    return sorted(int(m.group(1)) for p in directory.iterdir() if (m := _VERSION_FILE.match(p.name)))


def load_weights(version: int | None = None, directory: Path = WEIGHTS_DIR) -> WeightSet:
    """A weights version (default: the newest)."""
    versions = weight_versions(directory)
    if not versions:
        raise WeightsError(f"no weights files (v<N>.yaml) in {directory}")
    chosen = versions[-1] if version is None else version
    path = directory / f"v{chosen}.yaml"
    if not path.exists():
        raise WeightsError(f"weights version {chosen} not found in {directory} (have {versions})")
    try:
        weights = WeightSet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as exc:
        raise WeightsError(f"{path.name} is invalid: {exc}") from exc
    if weights.version != chosen:
        raise WeightsError(f"{path.name} declares version {weights.version}; the file name says {chosen}")
    return weights
