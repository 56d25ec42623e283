"""Built-in control catalogs (YAML). This package holds data only."""

from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parent
