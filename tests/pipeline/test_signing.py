"""Signed evidence packs: verify names every changed, added or removed file, and a wrong key fails."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from scanner import rundir
from scanner.cli.main import EXIT_OK, EXIT_TAMPERED, run
from scanner.pack.signing import (
    SignatureCheck,
    SigningError,
    generate_keypair,
    pack_run,
    sign_run,
    verify_run,
    verify_signature,
)

# A manifest.sig, its manifest.json and public key as written before the KMS signer existed.
OLD_MANIFEST = '{\n  "files": {\n    "results.jsonl": "0000"\n  }\n}\n'
OLD_SIGNATURE = {
    "algorithm": "Ed25519",
    "signed_file": "manifest.json",
    "public_key_sha256": "a8a61d917d86585d05b68b8801884d7539b54b91deea591a30e20da6db519ea4",
    "signature": "hbU/3I3RWl402td76u4OWKlBqVtT/Zj+10hzhhQFXIQm/L4gQ+M8sEXwCgSCaWNEb0pTdkA65TAzrGaJFZSfCw==",
}
OLD_PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA4HI4DrGY3gKofqKG+HPfXAZXVaIM2gaOvPO9Z8y3AS0=
-----END PUBLIC KEY-----
"""


@pytest.fixture
def signed_run(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A small run directory, hashed and signed; returns (run, private key, public key)."""
    out = tmp_path / "run"
    (out / "evidence" / "ab").mkdir(parents=True)
    (out / "results.jsonl").write_text('{"check_id": "s3.bucket.tls-only", "status": "PASS"}\n')
    (out / "evidence" / "ab" / "ab12.json").write_text('{"Policy": "..."}')
    (out / "report.html").write_text("<html></html>")
    rundir.write_manifest(out)
    key = tmp_path / "keys" / "controlmap.key"
    public = generate_keypair(key)
    sign_run(out, key)
    return out, key, public


def test_a_fresh_pack_verifies_with_its_public_key(
    signed_run: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    out, _, public = signed_run
    result = verify_run(out, public)
    assert result.ok and result.signature.state == "valid"
    pack = pack_run(out, tmp_path / "pack.zip")
    assert verify_run(pack, public).ok
    assert oct((tmp_path / "keys" / "controlmap.key").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("offset", [0, 7, -1])
def test_any_flipped_byte_is_named(signed_run: tuple[Path, Path, Path], offset: int) -> None:
    out, _, public = signed_run
    target = out / "evidence" / "ab" / "ab12.json"
    data = bytearray(target.read_bytes())
    data[offset] ^= 0x01
    target.write_bytes(bytes(data))
    result = verify_run(out, public)
    assert not result.ok and result.manifest.changed == ("evidence/ab/ab12.json",)
    assert result.signature.state == "valid"  # the manifest itself is intact: the file is what changed


def test_added_and_removed_files_are_named(signed_run: tuple[Path, Path, Path]) -> None:
    out, _, public = signed_run
    (out / "report.html").unlink()
    (out / "evidence" / "extra.json").write_text("{}")
    result = verify_run(out, public)
    assert result.manifest.removed == ("report.html",) and result.manifest.added == ("evidence/extra.json",)


def test_an_edited_manifest_breaks_the_signature(signed_run: tuple[Path, Path, Path]) -> None:
    out, _, public = signed_run
    (out / "results.jsonl").write_text('{"check_id": "s3.bucket.tls-only", "status": "FAIL"}\n')
    rundir.write_manifest(out)  # a forger re-hashes: the manifest matches, but the signature is gone
    result = verify_run(out, public)
    assert result.manifest.ok and result.signature.state == "missing" and not result.ok
    (out / rundir.SIGNATURE).write_text("")  # an empty or garbled signature file
    assert verify_run(out, public).signature.state == "invalid"


def test_a_wrong_key_fails_the_signature(signed_run: tuple[Path, Path, Path], tmp_path: Path) -> None:
    out, _, _ = signed_run
    other = generate_keypair(tmp_path / "other.key")
    result = verify_run(out, other)
    assert not result.ok and result.signature.state == "invalid"


def test_a_forged_signature_over_a_rewritten_manifest_fails(
    signed_run: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    out, _, public = signed_run
    signature = (out / rundir.SIGNATURE).read_text()
    (out / "results.jsonl").write_text("{}\n")
    rundir.write_manifest(out)
    (out / rundir.SIGNATURE).write_text(signature)  # the old signature put back over the new manifest
    result = verify_run(out, public)
    assert result.manifest.ok and result.signature.state == "invalid"


def test_tampering_inside_a_pack_is_named(signed_run: tuple[Path, Path, Path], tmp_path: Path) -> None:
    out, _, public = signed_run
    pack = pack_run(out, tmp_path / "pack.zip")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(tampered, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            target.writestr(
                member, data.replace(b"PASS", b"FAIL") if member.filename == "results.jsonl" else data
            )
    assert verify_run(tampered, public).manifest.changed == ("results.jsonl",)
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as bundle:
        bundle.writestr("../escape.txt", "x")
    with pytest.raises(SigningError, match="unsafe member name"):
        verify_run(evil, public)


def test_cli_keygen_sign_pack_and_verify_exit_codes(
    signed_run: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _, _ = signed_run
    key = tmp_path / "cli.key"
    assert run(["keygen", str(key)]) == EXIT_OK
    assert run(["sign", str(out), "--key", str(key)]) == EXIT_OK
    assert run(["pack", str(out), "--out", str(tmp_path / "p.zip")]) == EXIT_OK
    assert run(["verify", str(tmp_path / "p.zip"), "--public-key", f"{key}.pub"]) == EXIT_OK
    assert "signature: VALID" in capsys.readouterr().out
    (out / "report.html").write_text("<html>changed</html>")
    assert run(["verify", str(out), "--public-key", f"{key}.pub"]) == EXIT_TAMPERED
    assert "changed: report.html" in capsys.readouterr().out


def test_unusable_key_files_are_named(tmp_path: Path, signed_run: tuple[Path, Path, Path]) -> None:
    out, _, _ = signed_run
    bad = tmp_path / "bad.pem"
    bad.write_text("not a key")
    with pytest.raises(SigningError, match=str(bad)):
        sign_run(out, bad)
    with pytest.raises(SigningError, match=str(bad)):
        verify_run(out, bad)
    with pytest.raises(SigningError, match="refusing to overwrite"):
        generate_keypair(tmp_path / "keys" / "controlmap.key")


def test_signatures_written_before_kms_signing_still_verify(tmp_path: Path) -> None:
    (tmp_path / rundir.MANIFEST).write_text(OLD_MANIFEST)
    (tmp_path / rundir.SIGNATURE).write_text(json.dumps(OLD_SIGNATURE, indent=2) + "\n")
    (tmp_path / "old.pub").write_text(OLD_PUBLIC_KEY)
    assert verify_signature(tmp_path, tmp_path / "old.pub").state == "valid"
    unchecked = verify_signature(tmp_path, None)
    assert unchecked == SignatureCheck(
        "not checked", "signed by key a8a61d917d86585d…; pass --public-key to check it"
    )
    key = tmp_path / "new.key"
    generate_keypair(key)
    sign_run(tmp_path, key)  # and the Ed25519 signer still writes exactly these fields
    assert list(json.loads((tmp_path / rundir.SIGNATURE).read_text())) == list(OLD_SIGNATURE)
