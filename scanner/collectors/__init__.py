"""Collectors: one module per AWS service, each exporting DATASETS (declarative specs with permissions)."""
