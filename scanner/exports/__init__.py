"""Exports of a finished run for other tools: tables (CSV, JSON, Parquet) and standards (ASFF, OCSF, OSCAL)."""
