"""Named random streams: each table draws from its own generator, keyed by the seed and the table's name.

Keying by name (not by spawn order) means a new table, or a change in how many rows one table draws,
leaves every other table's numbers unchanged.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str) -> np.random.Generator:
    """A generator for `name` under `seed`; the same pair always yields the same numbers."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
