"""Reports: a view model built from a run, rendered to self-contained HTML and to PDF."""
