"""What can go wrong reaching or reading the HRIS, each error saying what to fix."""

from __future__ import annotations

from hirelake.errors import ConfigurationError, HirelakeError


class HrisError(HirelakeError):
    """The HRIS could not be read (or written to) as configured."""


class HrisAuthError(HrisError, ConfigurationError):
    """The HRIS refused our credentials (401/403): the token setting must be fixed."""


class HrisSourceError(HrisError):
    """The HRIS answered badly, was unreachable after retries, or an export file cannot be read."""


class HrisTableError(HrisSourceError):
    """One table cannot be taken: an export file unreadable, not text or without records, or an API
    endpoint that answers no records or no pages. The sync refuses that table with this reason,
    quarantines it, and goes on with the other tables."""


class MappingError(HrisError, ConfigurationError):
    """The field mapping does not fit the entities or the columns the HRIS sends."""
