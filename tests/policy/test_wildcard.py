"""Wildcard families: `covers` never claims coverage that some name contradicts; `overlaps` is exact."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.policy.wildcard import covers, matches, overlaps

PATTERN = st.text(alphabet="ab:*?", max_size=7)
NAME = st.text(alphabet="ab:c", max_size=8)


@st.composite
def expansion(draw: Any, pattern: str) -> str:
    """A name the pattern matches: each `*` becomes a short run, each `?` one character."""
    out = []
    for c in pattern:
        if c == "*":
            out.append(draw(st.text(alphabet="ab:c", max_size=3)))
        elif c == "?":
            out.append(draw(st.sampled_from("ab:c")))
        else:
            out.append(c)
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(PATTERN, PATTERN, st.data())
def test_covers_is_sound(pattern: str, family: str, data: st.DataObject) -> None:
    if covers(pattern, family):
        name = data.draw(expansion(family))
        assert matches(pattern, name), (pattern, family, name)


SHORT = st.text(alphabet="a:*?", max_size=4)
# A shortest common name is never longer than the two patterns together, so names up to 8 characters
# decide every pair of 4-character patterns; "b" stands for any character neither pattern names.
NAMES = ["".join(p) for n in range(9) for p in itertools.product("a:b", repeat=n)]


@settings(max_examples=200, deadline=None)
@given(SHORT, SHORT)
def test_overlaps_agrees_with_brute_force(a: str, b: str) -> None:
    brute = any(matches(a, n) and matches(b, n) for n in NAMES)
    assert overlaps(a, b) == brute, (a, b)


def test_the_families_checks_rely_on() -> None:
    assert covers("s3:*", "s3:*") and covers("*", "s3:*") and covers("S3:*", "s3:*", ignore_case=True)
    assert not covers("s3:Get*", "s3:*") and not covers("s3:GetObject", "s3:*")
    assert covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/*") and not covers("arn:aws:s3:::b", "arn:aws:s3:::b/*")
    assert covers("arn:aws:s3:::*", "arn:aws:s3:::*/*") and not covers("arn:aws:s3:::*/*", "arn:aws:s3:::*")
    assert not overlaps("iam:*", "s3:*") and overlaps("s3:Get*", "s3:*")
