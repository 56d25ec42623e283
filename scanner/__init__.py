"""controlmap: read-only AWS compliance scanner mapping evidence onto control catalogs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("controlmap")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
