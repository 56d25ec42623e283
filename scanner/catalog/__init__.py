"""Stage 0, the question: control catalogs (YAML) and where each account stands in the landing zone."""
