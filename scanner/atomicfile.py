"""Files written whole or not at all: bytes go to a temporary name in the same folder, renamed into place.

A reader (or a run killed mid-write) sees a file under its real name as it was before or complete, never a
prefix of it. What a killed process leaves is a hidden `.NAME.XXXXXXXX.tmp` next to it, in a run folder that
is still marked incomplete (scanner.rundir).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path next to `path`: renamed onto it when the block ends normally, removed otherwise."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        yield temporary
        os.replace(temporary, path)  # atomic within one file system, and the folder is the same
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes) -> None:
    with replacing(path) as temporary:
        temporary.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    with replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
