"""Field mapping from the HRIS's names to the canonical ones: a shipped default, overridable per entity.

The YAML says, per canonical entity, which HRIS table feeds it (`source`) and which source field fills
each canonical field (`fields`: source -> canonical). An override file names only what differs: a field
it maps replaces the default source of that canonical field; everything else keeps the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from hirelake.hris.errors import MappingError
from hirelake.hris.schema import ENTITIES

_SETTING = "HIRELAKE_HRIS__MAPPING_PATH"


@dataclass(frozen=True)
class EntityMapping:
    entity: str
    source: str  # the table / endpoint / file stem at the HRIS
    fields: Mapping[str, str]  # source field -> canonical field

    def source_of(self, canonical: str) -> str | None:
        for source, target in self.fields.items():
            if target == canonical:
                return source
        return None


@dataclass(frozen=True)
class FieldMapping:
    entities: Mapping[str, EntityMapping]
    origin: str  # where it came from, for reports and messages

    def for_entity(self, entity: str) -> EntityMapping:
        return self.entities[entity]


def _read_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(f"The field mapping {where} is not valid YAML: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("entities"), dict):
        raise MappingError(
            f"The field mapping {where} needs a top-level `entities:` with one block per entity "
            f"(known entities: {', '.join(ENTITIES)})."
        )
    return document


def _entity_block(name: str, block: Any, where: str) -> tuple[str | None, dict[str, str]]:
    if name not in ENTITIES:
        raise MappingError(
            f"The field mapping {where} names an unknown entity '{name}'. "
            f"Known entities: {', '.join(ENTITIES)}."
        )
    if not isinstance(block, dict):
        raise MappingError(f"The field mapping {where}: entity '{name}' must be a block with `fields:`.")
    source = block.get("source")
    fields = block.get("fields") or {}
    if (source is not None and not isinstance(source, str)) or not isinstance(fields, dict):
        raise MappingError(
            f"The field mapping {where}: entity '{name}' needs `source: <table name>` and "
            "`fields: {source_field: canonical_field}`."
        )
    known = ENTITIES[name].column_names
    seen: dict[str, str] = {}
    for source_field, canonical in fields.items():
        if not isinstance(source_field, str) or not isinstance(canonical, str):
            raise MappingError(f"The field mapping {where}: {name}.{source_field} must map text to text.")
        if canonical not in known:
            raise MappingError(
                f"The field mapping {where} maps {name}.{source_field} to an unknown field '{canonical}'. "
                f"Fields of {name}: {', '.join(known)}."
            )
        if canonical in seen:
            raise MappingError(
                f"The field mapping {where} maps both '{seen[canonical]}' and '{source_field}' to "
                f"{name}.{canonical}; keep one."
            )
        seen[canonical] = source_field
    return source, {str(k): str(v) for k, v in fields.items()}


def _merge(
    base: dict[str, tuple[str, dict[str, str]]], document: dict[str, Any], where: str
) -> dict[str, tuple[str, dict[str, str]]]:
    merged = dict(base)
    for name, block in document["entities"].items():
        source, fields = _entity_block(str(name), block, where)
        old_source, old_fields = merged.get(str(name), (str(name), {}))
        overridden = set(fields.values())
        kept = {s: c for s, c in old_fields.items() if c not in overridden and s not in fields}
        merged[str(name)] = (source or old_source, kept | fields)
    return merged


def default_mapping_text() -> str:
    return resources.files("hirelake.hris").joinpath("default_mapping.yaml").read_text(encoding="utf-8")


def load_mapping(path: Path | None = None) -> FieldMapping:
    """The shipped default, with `path` (a user's YAML) laid over it when given."""
    default = _read_yaml(default_mapping_text(), "shipped with hirelake (hirelake/hris/default_mapping.yaml)")
    merged = _merge({}, default, "shipped with hirelake")
    origin = "default"
    if path is not None:
        if not path.is_file():
            raise MappingError(f"The field mapping file {path} does not exist; fix {_SETTING} or --mapping.")
        merged = _merge(merged, _read_yaml(path.read_text(encoding="utf-8"), str(path)), str(path))
        origin = f"default + {path}"
    entities = {
        name: EntityMapping(name, source, MappingProxyType(fields))
        for name, (source, fields) in merged.items()
    }
    return FieldMapping(MappingProxyType(entities), origin)
