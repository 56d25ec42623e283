"""Read-only access to a host's file system mounted at a root: paths resolve as if chrooted there."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.evidence import REDACTED, SECRET_NAME

_MAX_SYMLINKS = 40
_URL_PASSWORD = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]*):[^@/\s]*@", re.I)
_ENV_LINE = re.compile(r"^(?P<lead>\s*(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=).*$")


class HostFileError(Exception):
    """A file that exists could not be read; the message names the path and why."""


@dataclass(frozen=True)
class FileStat:
    kind: str
    mode: int
    uid: int
    gid: int
    user: str | None
    group: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "mode": f"{self.mode:04o}",
            "uid": self.uid,
            "gid": self.gid,
            "user": self.user,
            "group": self.group,
        }


class HostFiles:
    """Paths are absolute on the audited host; an absolute symlink target is resolved under the root too."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._users = self._names("/etc/passwd")
        self._groups = self._names("/etc/group")

    @property
    def is_live(self) -> bool:
        return self.root == Path("/")

    def locate(self, path: str) -> Path:
        """The real path of `path` under the root, following symlinks inside the root."""
        parts = [p for p in path.split("/") if p]
        resolved = self.root
        hops = 0
        while parts:
            part = parts.pop(0)
            if part == "..":
                resolved = resolved.parent if resolved != self.root else resolved
                continue
            candidate = resolved / part
            if candidate.is_symlink():
                hops += 1
                if hops > _MAX_SYMLINKS:
                    raise HostFileError(f"{path}: too many levels of symbolic links")
                target = os.readlink(candidate)
                parts = [p for p in target.split("/") if p] + parts
                if target.startswith("/"):
                    resolved = self.root
                continue
            resolved = candidate
        return resolved

    def stat(self, path: str) -> FileStat | None:
        """Ownership and mode of `path` (after symlinks); None when it does not exist."""
        try:
            info = os.stat(self.locate(path))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise HostFileError(f"{path}: cannot stat: {exc.strerror}") from exc
        return FileStat(
            kind=_kind(info.st_mode),
            mode=stat.S_IMODE(info.st_mode),
            uid=info.st_uid,
            gid=info.st_gid,
            user=self._users.get(info.st_uid),
            group=self._groups.get(info.st_gid),
        )

    def read_text(self, path: str) -> str | None:
        """The file's text; None when it does not exist."""
        try:
            return self.locate(path).read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise HostFileError(f"{path}: cannot read: {exc.strerror}") from exc

    def listdir(self, path: str) -> list[str]:
        """Names in a directory, sorted; empty when it does not exist."""
        try:
            return sorted(os.listdir(self.locate(path)))
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            raise HostFileError(f"{path}: cannot list: {exc.strerror}") from exc

    def _names(self, path: str) -> dict[int, str]:
        """uid or gid -> name from the host's passwd or group file (the root's, not the scanner's)."""
        try:
            text = self.read_text(path) or ""
        except HostFileError:
            return {}
        names: dict[int, str] = {}
        for line in text.splitlines():
            fields = line.split(":")
            if len(fields) >= 3 and fields[2].isdigit():
                names.setdefault(int(fields[2]), fields[0])
        return names


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "directory"), (stat.S_ISSOCK, "socket"), (stat.S_ISREG, "file")):
        if test(mode):
            return name
    return "other"


def mask_url_passwords(text: str) -> str:
    """user:password@ in URLs (proxy settings) becomes user:[REDACTED]@."""
    return _URL_PASSWORD.sub(lambda m: f"{m['scheme']}{m['user']}:{REDACTED}@", text)


def mask_environment_secrets(text: str) -> str:
    """Values of secret-looking variables in a shell environment file become [REDACTED]."""
    lines = []
    for line in text.splitlines():
        match = _ENV_LINE.match(line)
        secret = match is not None and SECRET_NAME.search(match["name"]) is not None
        lines.append(f"{match['lead']}{REDACTED}" if match and secret else line)
    return mask_url_passwords("\n".join(lines))
