"""Stage 4, report: the report view of a run, rendered to HTML and PDF."""
