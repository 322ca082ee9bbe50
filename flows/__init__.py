"""Prefect flows and tasks: thin wiring over `hirelake`, `models` and `expectations`.

Prefect reads its settings when it is first imported and hands them to the servers it starts, so the
privacy defaults are set here, before any flow module imports Prefect: no telemetry, no analytics.
"""

import os

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
