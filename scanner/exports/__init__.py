"""Exports of a finished run for other tools: tables (CSV, JSON, Parquet), standards (ASFF, OCSF, OSCAL)."""
