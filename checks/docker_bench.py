"""docker-bench-security's verdicts, as reported, on CIS Docker v1.6.0 sections 1-3 (ids docker-bench.<id>).

Mapping is conservative: WARN is FAIL; INFO and NOTE (docker-bench's "could not tell", "file not found" and
manual items) are ERROR, never PASS; a PASS is kept except where docker-bench's own logic is known to pass
configurations CIS fails (docs/cis-docker-differences.md), where it becomes ERROR with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from scanner.checkapi import Scope, Subject, check
from scanner.host.targets import DOCKER_BENCH
from scanner.model import Result, Severity, Status

SOURCE = "reported by docker-bench-security"
# Recommendations where a docker-bench PASS can be wrong: it compares permissions as decimal numbers
# (stat -c %a ... -le 644), so 0617 or 0707 pass; for 2.13 it passes every log driver except json-file.
NUMERIC_MODE = (
    "its numeric mode comparison (-le) passes modes with group or other bits CIS forbids, e.g. 0617"
)
UNTRUSTED_PASS: dict[str, str] = {
    **dict.fromkeys(
        ("3.2", "3.4", "3.6", "3.8", "3.10", "3.12", "3.16", "3.18", "3.20", "3.22", "3.24"), NUMERIC_MODE
    ),
    "2.13": "it passes every log driver except json-file, including none, local and journald",
}
SECTION_1 = ("1.1.1", "1.1.2", *(f"1.1.{n}" for n in range(3, 19)))
SECTION_2 = (*(f"2.{n}" for n in range(2, 17)), "2.18")
SECTION_3 = tuple(f"3.{n}" for n in range(1, 25))
RECOMMENDATIONS = (*SECTION_1, *SECTION_2, *SECTION_3)


def _bench_check(cis: str) -> Callable[[Scope], Iterator[Result]]:
    def run(scope: Scope) -> Iterator[Result]:
        records = scope.records(DOCKER_BENCH)
        if not records:
            yield scope.result(
                Status.NOT_APPLICABLE, scope.account_id, "no docker-bench-security report in this run"
            )
            return
        tests = [item for record in records for item in record.items if item.data.get("id") == cis]
        if not tests:
            version = records[0].items[0].data["version"] if records[0].items else "unknown"
            message = f"not evaluated: docker-bench-security {version} reported nothing for {cis}"
            yield scope.result(Status.ERROR, scope.account_id, message, evidence=records[0].evidence)
            return
        for test in tests:
            verdict = str(test["result"]).upper()
            said = f"{SOURCE} {test['version']}: {verdict}" + (
                f" ({test['details']})" if test["details"] else ""
            )
            if verdict == "WARN":
                yield scope.failed(test, said)
            elif verdict == "PASS" and cis in UNTRUSTED_PASS:
                yield scope.on_item(
                    test, Status.ERROR, f"not evaluated: {said}, not accepted: {UNTRUSTED_PASS[cis]}"
                )
            elif verdict == "PASS":
                yield scope.passed(test, said)
            else:
                yield scope.on_item(test, Status.ERROR, f"not evaluated: {said} is not a verdict")

    run.__doc__ = (
        f"PASS when docker-bench-security reported PASS for CIS Docker {cis}"
        + (" - never: its PASS for this recommendation is not trusted." if cis in UNTRUSTED_PASS else ".")
        + " FAIL when it reported WARN; ERROR for INFO, NOTE or no entry; NOT_APPLICABLE when the run holds "
        "no docker-bench-security report."
    )
    return check(
        id=f"docker-bench.{cis}",
        title=f"docker-bench-security's result for CIS Docker {cis}",
        uses=(),
        subject=Subject.DOCKER_HOST,
        severity=Severity.MEDIUM,
        rationale="Docker Bench output from the hardening pipeline is evidence for hosts the scanner cannot "
        "read.",
        remediation="Fix what docker-bench-security warned about (its remediation text is in the stored "
        "report), or run `controlmap scan-host` on the host for a verdict of our own.",
    )(run)


# The registry finds checks as module attributes, so each generated check is bound to a name here.
for _cis in RECOMMENDATIONS:
    globals()[f"bench_{_cis.replace('.', '_')}"] = _bench_check(_cis)
