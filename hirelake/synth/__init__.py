"""Deterministic synthetic-hospital data: HR records (`hirelake.synth.hr`) and interview media."""
