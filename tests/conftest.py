"""Hypothesis profiles and fixtures shared by the whole suite."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# "ci" is thorough; "dev" (the default outside CI) is quick for local runs.
settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
