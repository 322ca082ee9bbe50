"""Errors a person can act on: each message says what went wrong and what to do next."""


class HirelakeError(Exception):
    """Base for every error hirelake raises on purpose; the CLI prints these without a traceback."""


class ConfigurationError(HirelakeError):
    """Settings or credentials are missing or unsafe."""


class ServiceError(HirelakeError):
    """An embedded service failed to start, stop or answer."""


class LakeError(HirelakeError):
    """The object store refused or failed an operation."""


class QueryError(HirelakeError):
    """A SQL query was refused or failed."""
