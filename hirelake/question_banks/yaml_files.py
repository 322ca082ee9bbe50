"""Reading one YAML file into a validated model, with errors that name the file and the fields to fix."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from hirelake.errors import HirelakeError

Model = TypeVar("Model", bound=BaseModel)


def _format_errors(what: str, path: Path, exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"
        lines.append(f"  - {where}: {error['msg']}")
    return f"{what} {path} is invalid; fix these fields:\n" + "\n".join(lines)


def load_yaml_model(
    path: Path, model: type[Model], *, what: str, error: type[HirelakeError], expected_keys: str
) -> Model:
    """Parse `path` as a YAML mapping and validate it as `model`; every failure raises `error`."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"Cannot read {what.lower()} {path}: {exc.strerror}.") from exc
    except yaml.YAMLError as exc:
        raise error(f"{what} {path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise error(f"{what} {path} must be a YAML mapping with {expected_keys}.")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise error(_format_errors(what, path, exc)) from exc
