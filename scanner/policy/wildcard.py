"""IAM wildcard patterns (`*` any run, `?` one character): matching one name, and questions about whole
families of names written as patterns (does one pattern cover another; can two ever match the same name).
A family is how the checks say "every S3 action, including ones not yet invented" (`s3:*`) or "every
object in the bucket" (`arn:aws:s3:::b/*`)."""

from __future__ import annotations

import re
from collections import deque
from functools import lru_cache


@lru_cache(maxsize=4096)
def _compiled(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """True when `value` matches the whole of `pattern`."""
    return _compiled(pattern, ignore_case).fullmatch(value) is not None


def _skip_stars(pattern: str, i: int) -> list[int]:
    out = [i]
    while i < len(pattern) and pattern[i] == "*":
        i += 1
        out.append(i)
    return out


def covers(pattern: str, family: str, *, ignore_case: bool = False) -> bool:
    """True only when `pattern` matches every name `family` matches. Each `*` of the family must be
    absorbed by a `*` of the pattern and each `?` by a `?` or `*`; literals must agree. This is sound (it
    never claims coverage that does not hold) and decides every form real policies use."""

    def same(a: str, b: str) -> bool:
        return a.lower() == b.lower() if ignore_case else a == b

    states = set(_skip_stars(pattern, 0))
    for symbol in family:
        following: set[int] = set()
        for i in states:
            if i >= len(pattern):
                continue
            p = pattern[i]
            if p == "*":
                following.add(i)
            elif symbol == "*":
                continue  # only a star can absorb an arbitrary run
            elif p == "?" or (symbol != "?" and same(p, symbol)):
                following.add(i + 1)
        states = {s for i in following for s in _skip_stars(pattern, i)}
        if not states:
            return False
    return len(pattern) in states


def overlaps(a: str, b: str, *, ignore_case: bool = False) -> bool:
    """True when some name matches both patterns (exact: a search of the product of the two automata)."""

    def closure(i: int, j: int) -> set[tuple[int, int]]:
        return {(x, y) for x in _skip_stars(a, i) for y in _skip_stars(b, j)}

    def compatible(x: str, y: str) -> bool:
        if x in "*?" or y in "*?":
            return True
        return x.lower() == y.lower() if ignore_case else x == y

    seen = closure(0, 0)
    queue = deque(seen)
    while queue:
        i, j = queue.popleft()
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and j < len(b) and compatible(a[i], b[j]):
            step = closure(i if a[i] == "*" else i + 1, j if b[j] == "*" else j + 1)
            for state in step - seen:
                seen.add(state)
                queue.append(state)
    return False
