"""How a reader checks the pack: what the verification sheet and the pack's README.txt say.

The reports are written before manifest.json (which hashes them) and before manifest.sig (which signs the
manifest), so no report can show its own signature as checked. The sheet states what was known when it was
written: whether the run was to be signed, with which key; and how to check both, with controlmap or with
nothing but sha256sum and openssl.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner import rundir

README = "README.txt"


@dataclass(frozen=True)
class VerificationSheet:
    run_id: str
    signing_key: str | None  # the key the run is signed with right after this report, as Signer.described()
    manifest: str = rundir.MANIFEST
    signature: str = rundir.SIGNATURE

    @property
    def status(self) -> str:
        if self.signing_key:
            return f"signed after this report was written, with {self.signing_key}"
        return (
            "not signed when this report was written. An unsigned manifest proves nothing on its own: "
            "whoever changes a file can write a new manifest. Ask the producer for a signed pack "
            "(controlmap sign) and their public key, handed over apart from the pack."
        )

    @property
    def commands(self) -> list[tuple[str, str]]:
        """(what it checks, command) in the order a reader runs them."""
        return [
            (
                "Every file against manifest.json, and the signature against your copy of the public key",
                "controlmap verify <pack.zip or run folder> --public-key <producer-key.pub>",
            ),
            (
                "Without controlmap: each file's SHA-256 against manifest.json",
                "jq -r '.files | to_entries[] | \"\\(.value)  \\(.key)\"' manifest.json"
                " | sha256sum -c --quiet",
            ),
            (
                "Without controlmap: an Ed25519 signature (controlmap keygen / --sign-key)",
                "jq -r .signature manifest.sig | base64 -d > manifest.sig.bin && "
                "openssl pkeyutl -verify -pubin -inkey producer-key.pub -rawin -in manifest.json "
                "-sigfile manifest.sig.bin",
            ),
            (
                "Without controlmap: an AWS KMS signature (ECDSA or RSA; RSA-PSS adds "
                "-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32)",
                "jq -r .signature manifest.sig | base64 -d > manifest.sig.der && "
                "openssl dgst -sha256 -verify producer-kms.pem -signature manifest.sig.der manifest.json",
            ),
        ]


LAYOUT: tuple[tuple[str, str], ...] = (
    ("executive.pdf", "the executive summary (three pages at most)"),
    ("report.html", "the whole run: every control row and every check result, with filters"),
    ("report.pdf", "the same as one PDF, written only for runs small enough to read whole"),
    (
        "packs/",
        "one pack per phase, application scope or account (HTML and PDF): every control row of its "
        "accounts, met ones included, the registers, the inheritance map, and the accounts' results",
    ),
    (
        "registers/",
        "CSV registers: gaps (a corrective-action plan), attestations, exceptions, and the "
        "evidence index (control -> result -> evidence file, with collection time)",
    ),
    ("results.jsonl", "every check result: account, region, resource, status, message, evidence digests"),
    ("controls.jsonl", "every control row: status, reason, the results it rests on, the provider account"),
    ("phases.json", "Phase 1 readiness per landing-zone account and domain; Phase 2 per application scope"),
    ("evidence/", "the API responses behind the verdicts, redacted of secrets, each named by its SHA-256"),
    ("inventory/", "what was collected, per account, region and dataset (evaluate --from replays it)"),
    ("attestations/", "copies of the attestation files the manual controls rest on"),
    ("run.json", "the run record: scope, caller, times, catalogs and their digests, placements, exceptions"),
    ("trend.json", "controls met per catalog and phase over the recorded runs"),
    ("manifest.json", "the SHA-256 of every other file"),
    ("manifest.sig", "the signature over manifest.json, when the pack is signed"),
)


def readme_text(sheet: VerificationSheet, simulated: bool) -> str:
    """The pack's README.txt: what each file is, and how to check that nothing was altered."""
    lines = [
        f"controlmap evidence pack, run {sheet.run_id}",
        "",
    ]
    if simulated:
        lines += [
            "SIMULATED DATA: this pack was made by `controlmap demo` against a simulated AWS organization.",
            "It shows what a pack looks like; it is evidence of nothing.",
            "",
        ]
    lines += ["What is here", ""]
    lines += [f"  {name:<16} {what}" for name, what in LAYOUT]
    lines += ["", "How to verify it", "", f"  Signature: {sheet.status}", ""]
    for what, command in sheet.commands:
        lines += [f"  {what}:", f"    {command}", ""]
    lines += [
        "  Trust the signature only with a public key received apart from this pack; the fingerprint that",
        "  `controlmap verify` prints must match the one the producer gave you.",
        "",
    ]
    return "\n".join(lines)
