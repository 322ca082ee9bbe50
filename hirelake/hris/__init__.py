"""The HRIS connector: read positions and the rest of HR from the hospital's HR system into the lake."""

from hirelake.hris.api import HrisApiConnector
from hirelake.hris.errors import HrisAuthError, HrisError, HrisSourceError, MappingError
from hirelake.hris.files import HrisFileConnector
from hirelake.hris.mapping import FieldMapping, load_mapping
from hirelake.hris.rules import ColumnGate, PythonColumnGate
from hirelake.hris.source import HrisSource, SourceTable
from hirelake.hris.sync import EntityReport, SyncReport, sync_hris

__all__ = [
    "ColumnGate",
    "EntityReport",
    "FieldMapping",
    "HrisApiConnector",
    "HrisAuthError",
    "HrisError",
    "HrisFileConnector",
    "HrisSource",
    "HrisSourceError",
    "MappingError",
    "PythonColumnGate",
    "SourceTable",
    "SyncReport",
    "load_mapping",
    "sync_hris",
]
