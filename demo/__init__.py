"""The simulated organization (moto): the built-in demo, installed with the [demo] extra.

moto plays AWS here and nowhere else; the scanner never imports it. Without the extra, importing the demo
raises a ConfigError that says how to install it (the CLI prints it as one line), not an ImportError from
somewhere inside a seed.
"""

from __future__ import annotations

from scanner.errors import ConfigError

NEEDS_EXTRA = "controlmap demo needs the demo extra: pip install 'controlmap[demo]'"


def _require_moto() -> None:
    try:
        import moto  # noqa: F401 - imported to learn whether the extra is installed
    except ImportError as exc:
        raise ConfigError(NEEDS_EXTRA) from exc


_require_moto()
