"""Evidence packs signed with an asymmetric AWS KMS key, verified offline with the exported public key PEM.

moto 5 creates real ECC_NIST_P256 and RSA key pairs, and its RAW signatures verify with `cryptography`
(test_moto_signs_raw_messages_for_real_but_not_digests shows it). It does not honour MessageType=DIGEST: it
signs the 32 digest bytes as a RAW message, hashing them again, so the signature covers SHA-256(SHA-256(file))
and verifies nowhere, unlike real KMS (getmoto/moto#10202, open). The autouse fixture `kms_signs_digests`
signs a DIGEST request the way KMS documents (the digest is the hash; RSASSA_PSS with a 32-byte salt) with
moto's own private key, after moto has checked the key, its usage and the algorithm. The rest is moto's.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from moto import mock_aws
from moto.kms.responses import KmsResponse

from scanner import rundir
from scanner.aws.sessions import KMS_SIGN, Grant, guarded_client, is_permitted
from scanner.cli.main import EXIT_ERROR, EXIT_OK, EXIT_TAMPERED, main, run
from scanner.errors import ReadOnlyViolationError
from scanner.pack.kms_signing import export_public_key, key_region, kms_signer
from scanner.pack.signing import (
    Signature,
    Signer,
    SigningError,
    generate_keypair,
    pack_run,
    verify_run,
    write_signature,
)
from tests.builders import aws_error

REGION = "us-east-1"
ALIAS = "alias/controlmap-evidence"
KMS_RAW_LIMIT = 4096  # bytes KMS signs as a RAW message; a run's manifest.json is larger


def _sign_digest(private: Any, digest: bytes, algorithm: str) -> bytes:
    """What KMS does with MessageType=DIGEST: sign the given SHA-256 digest without hashing it again."""
    prehashed = Prehashed(hashes.SHA256())
    if algorithm == "ECDSA_SHA_256":
        return bytes(private.sign(digest, ec.ECDSA(prehashed)))
    if algorithm == "RSASSA_PSS_SHA_256":
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
        return bytes(private.sign(digest, pss, prehashed))
    assert algorithm == "RSASSA_PKCS1_V1_5_SHA_256", algorithm
    return bytes(private.sign(digest, padding.PKCS1v15(), prehashed))


@pytest.fixture(autouse=True)
def kms_signs_digests(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's Sign, with MessageType=DIGEST honoured as KMS honours it (see the module docstring)."""
    original = KmsResponse.sign

    def sign(self: KmsResponse) -> str:
        if self._get_param("MessageType") != "DIGEST":
            return str(original(self))
        answer = json.loads(original(self))  # moto checks the key, its usage and the algorithm
        key = self.kms_backend.describe_key(answer["KeyId"])
        value = _sign_digest(
            key.private_key.private_key, self._get_param("Message"), answer["SigningAlgorithm"]
        )
        return json.dumps({**answer, "Signature": base64.b64encode(value).decode()})

    monkeypatch.setattr(KmsResponse, "sign", sign)


@pytest.fixture
def aws() -> Iterator[boto3.Session]:
    with mock_aws():
        yield boto3.Session(region_name=REGION)


def _signing_key(session: boto3.Session, spec: str = "ECC_NIST_P256", alias: str | None = ALIAS) -> str:
    """A new SIGN_VERIFY key (with `alias` pointing at it); returns its ARN."""
    kms = session.client("kms")
    arn = str(kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]["Arn"])
    if alias:
        kms.create_alias(AliasName=alias, TargetKeyId=arn)
    return arn


def _run_dir(root: Path) -> Path:
    """A small run, hashed, with enough evidence files that manifest.json exceeds KMS's RAW limit."""
    out = root / "run"
    (out / "evidence").mkdir(parents=True)
    (out / "results.jsonl").write_text('{"check_id": "s3.bucket.tls-only", "status": "PASS"}\n')
    for number in range(60):
        (out / "evidence" / f"{number:04x}.json").write_text(json.dumps({"Policy": number}))
    (out / "report.html").write_text("<html></html>")
    rundir.write_manifest(out)
    assert (out / rundir.MANIFEST).stat().st_size > KMS_RAW_LIMIT
    return out


def _flip_digest_character(manifest: Path) -> None:
    """Change one byte of manifest.json and keep it valid JSON (a hex digit of a file's hash)."""
    text = manifest.read_text()
    position = text.index('"results.jsonl": "') + len('"results.jsonl": "')
    replacement = "0" if text[position] != "0" else "1"
    manifest.write_text(text[:position] + replacement + text[position + 1 :])


@pytest.fixture
def kms_signed(aws: boto3.Session, tmp_path: Path) -> tuple[Path, Path, str]:
    """A run signed with a P-256 KMS key through its alias; returns (run, exported public PEM, key ARN)."""
    arn = _signing_key(aws)
    out = _run_dir(tmp_path)
    write_signature(out, kms_signer(aws, ALIAS))
    public = tmp_path / "auditor" / "controlmap-kms.pem"
    export_public_key(aws, ALIAS, public)
    return out, public, arn


def test_moto_signs_raw_messages_for_real_but_not_digests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Why the `kms_signs_digests` shim exists. When this fails, moto honours DIGEST: delete the shim."""
    monkeypatch.undo()
    message = b"manifest"
    digest = hashes.Hash(hashes.SHA256())
    digest.update(message)
    with mock_aws():
        kms = boto3.client("kms", region_name=REGION)
        arn = _signing_key(boto3.Session(region_name=REGION), alias=None)
        key = serialization.load_der_public_key(kms.get_public_key(KeyId=arn)["PublicKey"])
        assert isinstance(key, ec.EllipticCurvePublicKey)
        raw = kms.sign(KeyId=arn, Message=message, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")
        key.verify(raw["Signature"], message, ec.ECDSA(hashes.SHA256()))  # a real signature
        signed = kms.sign(
            KeyId=arn, Message=digest.finalize(), MessageType="DIGEST", SigningAlgorithm="ECDSA_SHA_256"
        )
        with pytest.raises(InvalidSignature):
            key.verify(signed["Signature"], message, ec.ECDSA(hashes.SHA256()))


@pytest.mark.parametrize(
    ("spec", "algorithm"), [("ECC_NIST_P256", "ECDSA_SHA_256"), ("RSA_2048", "RSASSA_PSS_SHA_256")]
)
def test_a_kms_signed_pack_verifies_offline_with_the_exported_pem(
    aws: boto3.Session, tmp_path: Path, spec: str, algorithm: str
) -> None:
    arn = _signing_key(aws, spec)
    out = _run_dir(tmp_path)
    write_signature(out, kms_signer(aws, ALIAS))
    exported = export_public_key(aws, ALIAS, tmp_path / "kms.pem")
    assert exported.arn == arn and exported.algorithm == algorithm
    recorded = json.loads((out / rundir.SIGNATURE).read_text())
    assert recorded["algorithm"] == algorithm and recorded["key_id"] == arn
    assert recorded["signer"] == "aws-kms" and recorded["message_type"] == "DIGEST"
    assert (tmp_path / "kms.pem").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    pack = pack_run(out, tmp_path / "pack.zip")
    for source in (out, pack):
        result = verify_run(source, tmp_path / "kms.pem")
        assert result.ok and result.signature.state == "valid", result.signature.detail


def test_verification_needs_no_aws(kms_signed: tuple[Path, Path, str]) -> None:
    out, public, _ = kms_signed  # moto is still active: prove that verify does not even make a client
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(boto3.Session, "client", lambda *a, **k: pytest.fail("verify made an AWS client"))
        patch.setattr(boto3, "client", lambda *a, **k: pytest.fail("verify made an AWS client"))
        assert verify_run(out, public).signature.state == "valid"


def test_another_keys_pem_fails(
    kms_signed: tuple[Path, Path, str], aws: boto3.Session, tmp_path: Path
) -> None:
    out, _, _ = kms_signed
    _signing_key(aws, "ECC_NIST_P256", alias="alias/other")
    other = export_public_key(aws, "alias/other", tmp_path / "other.pem")
    assert other.public_key != export_public_key(aws, ALIAS, tmp_path / "same.pem").public_key
    for wrong in (tmp_path / "other.pem", generate_keypair(tmp_path / "ed25519.key")):
        result = verify_run(out, wrong)
        assert not result.ok and result.signature.state == "invalid"
        assert "not by" in result.signature.detail


def test_a_flipped_manifest_or_signature_byte_fails(kms_signed: tuple[Path, Path, str]) -> None:
    out, public, _ = kms_signed
    signature_file = out / rundir.SIGNATURE
    recorded = json.loads(signature_file.read_text())
    value = bytearray(base64.b64decode(recorded["signature"]))
    value[len(value) // 2] ^= 0x01
    signature_file.write_text(json.dumps({**recorded, "signature": base64.b64encode(value).decode()}))
    result = verify_run(out, public)
    assert result.manifest.ok and result.signature.state == "invalid"
    signature_file.write_text(json.dumps(recorded))
    assert verify_run(out, public).signature.state == "valid"
    _flip_digest_character(out / rundir.MANIFEST)
    result = verify_run(out, public)
    assert result.signature.state == "invalid" and "does not match manifest.json" in result.signature.detail
    assert result.manifest.changed == ("results.jsonl",)


@pytest.mark.parametrize("claimed", ["RSASSA_PSS_SHA_256", "Ed25519"])
def test_a_rewritten_algorithm_does_not_verify(kms_signed: tuple[Path, Path, str], claimed: str) -> None:
    out, public, _ = kms_signed
    recorded = json.loads((out / rundir.SIGNATURE).read_text())
    (out / rundir.SIGNATURE).write_text(json.dumps({**recorded, "algorithm": claimed}))
    check = verify_run(out, public).signature
    assert check.state == "invalid" and f"{claimed} needs" in check.detail


def test_a_key_shipped_in_the_pack_is_never_trusted(
    kms_signed: tuple[Path, Path, str], aws: boto3.Session, tmp_path: Path
) -> None:
    """A forger edits results, re-hashes, signs with their own KMS key and puts its PEM into the pack."""
    out, auditor_key, _ = kms_signed
    (out / "results.jsonl").write_text('{"check_id": "s3.bucket.tls-only", "status": "FAIL"}\n')
    _signing_key(aws, alias="alias/forger")
    export_public_key(aws, "alias/forger", out / "manifest.pub.pem")
    rundir.write_manifest(out)
    write_signature(out, kms_signer(aws, "alias/forger"))
    assert verify_run(out, out / "manifest.pub.pem").signature.state == "valid"  # what the forger hopes for
    unchecked = verify_run(out).signature
    assert unchecked.state == "not checked" and "pass --public-key to check it" in unchecked.detail
    result = verify_run(out, auditor_key)
    assert result.manifest.ok and not result.ok and result.signature.state == "invalid"


def test_the_guard_allows_kms_sign_only_for_the_granted_key(aws: boto3.Session) -> None:
    granted = _signing_key(aws)
    other = _signing_key(aws, alias="alias/other")
    client = guarded_client(aws, "kms", REGION, grants=(Grant(KMS_SIGN, granted),))
    sent: list[str] = []
    client.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
    params = {"Message": b"\x00" * 32, "MessageType": "DIGEST", "SigningAlgorithm": "ECDSA_SHA_256"}
    assert client.sign(KeyId=granted, **params)["Signature"]
    for refused in (other, "alias/other", ALIAS):  # by exact ARN only: not another key, nor an alias
        with pytest.raises(ReadOnlyViolationError, match=f"refused kms:Sign with KeyId '{refused}'"):
            client.sign(KeyId=refused, **params)
    with pytest.raises(ReadOnlyViolationError, match="only reads"):
        client.schedule_key_deletion(KeyId=granted)
    ungranted = guarded_client(aws, "kms", REGION)
    with pytest.raises(ReadOnlyViolationError, match="none was configured"):
        ungranted.sign(KeyId=granted, **params)
    assert len(sent) == 1  # only the granted Sign left the client
    assert not is_permitted("kms", "Sign")  # never on the unconditional allowlist
    with pytest.raises(ValueError, match="cannot be granted"):
        Grant("kms:Encrypt", granted)


def test_keys_that_cannot_sign_are_refused_by_name(aws: boto3.Session) -> None:
    kms = aws.client("kms")
    symmetric = kms.create_key(KeySpec="SYMMETRIC_DEFAULT", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName="alias/symmetric", TargetKeyId=symmetric)
    with pytest.raises(SigningError, match=r"alias/symmetric .*SYMMETRIC_DEFAULT key for ENCRYPT_DECRYPT"):
        kms_signer(aws, "alias/symmetric")
    hmac = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["Arn"]
    with pytest.raises(SigningError, match=f"{hmac}.*HMAC_256 key for GENERATE_VERIFY_MAC"):
        kms_signer(aws, hmac)
    p384 = _signing_key(aws, "ECC_NIST_P384", alias=None)
    with pytest.raises(SigningError, match=f"{p384}.*ECDSA_SHA_384"):
        kms_signer(aws, p384)
    disabled = _signing_key(aws, alias=None)
    kms.disable_key(KeyId=disabled.rsplit("/", 1)[1])  # moto's DisableKey takes the key id, not the ARN
    with pytest.raises(SigningError, match=f"{disabled}.*is Disabled"):
        kms_signer(aws, disabled)


def test_aws_errors_are_named_and_nothing_is_written(aws: boto3.Session, tmp_path: Path) -> None:
    with pytest.raises(SigningError, match=f"KMS key alias/missing in {REGION}: .*NotFoundException"):
        kms_signer(aws, "alias/missing")
    _signing_key(aws)
    aws.events.register("before-call.kms.Sign", aws_error("AccessDeniedException", 400))
    out = _run_dir(tmp_path)
    signer = kms_signer(aws, ALIAS)  # DescribeKey and GetPublicKey are allowed: the Sign is denied
    with pytest.raises(SigningError, match=f"KMS key {ALIAS} in {REGION}: access-denied: Sign"):
        write_signature(out, signer)
    assert not (out / rundir.SIGNATURE).exists()


def test_a_signature_that_does_not_verify_is_never_written(tmp_path: Path) -> None:
    out = _run_dir(tmp_path)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    wrong = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def sign(data: bytes) -> Signature:
        return Signature(
            "RSASSA_PKCS1_V1_5_SHA_256",
            key.public_key(),
            wrong.sign(data, padding.PKCS1v15(), hashes.SHA256()),
        )

    with pytest.raises(SigningError, match="does not verify"):
        write_signature(out, Signer(key.public_key(), sign))
    assert not (out / rundir.SIGNATURE).exists()


@pytest.mark.parametrize("algorithm", ["ECDSA_SHA_256", "RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_256"])
def test_each_kms_algorithm_verifies_over_the_manifest_bytes(tmp_path: Path, algorithm: str) -> None:
    """The verifier checks each algorithm as KMS signs it (DIGEST of SHA-256 is a signature over the file)."""
    out = _run_dir(tmp_path)
    private: Any = (
        ec.generate_private_key(ec.SECP256R1())
        if algorithm.startswith("ECDSA")
        else rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    digest = hashes.Hash(hashes.SHA256())
    digest.update((out / rundir.MANIFEST).read_bytes())
    value = _sign_digest(private, digest.finalize(), algorithm)
    write_signature(
        out, Signer(private.public_key(), lambda data: Signature(algorithm, private.public_key(), value))
    )
    public = tmp_path / "key.pem"
    public.write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )  # DER as KMS GetPublicKey returns it is accepted too
    assert verify_run(out, public).signature.state == "valid"


def test_key_region_comes_from_the_arn() -> None:
    session = boto3.Session(region_name="eu-west-2")
    assert key_region("arn:aws:kms:eu-central-1:111111111111:key/abc", session) == "eu-central-1"
    assert key_region("alias/evidence", session) == "eu-west-2"
    with pytest.raises(SigningError, match="not a KMS key"):
        key_region("arn:aws:s3:::bucket", session)


def test_cli_exports_signs_and_verifies(
    aws: boto3.Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arn = _signing_key(aws)
    out = _run_dir(tmp_path)
    pem = tmp_path / "kms.pem"
    assert run(["kms-public-key", ALIAS, "--out", str(pem)]) == EXIT_OK
    assert arn in capsys.readouterr().out
    assert run(["sign", str(out), "--kms-key", ALIAS]) == EXIT_OK
    assert run(["verify", str(out), "--public-key", str(pem)]) == EXIT_OK
    assert "signature: VALID" in capsys.readouterr().out
    assert run(["verify", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert (
        "signature: NOT CHECKED (signed by key" in printed
        and f"(AWS KMS key {arn}, ECDSA_SHA_256)" in printed
    )
    _flip_digest_character(out / rundir.MANIFEST)
    assert run(["verify", str(out), "--public-key", str(pem)]) == EXIT_TAMPERED
    assert "signature: INVALID" in capsys.readouterr().out


def test_cli_kms_errors_are_messages_not_tracebacks(
    aws: boto3.Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _run_dir(tmp_path)
    assert main(["sign", str(out), "--kms-key", "alias/missing"]) == EXIT_ERROR
    error = capsys.readouterr().err
    assert error.startswith("controlmap: KMS key alias/missing in us-east-1:") and "Traceback" not in error
    assert main(["kms-public-key", "alias/missing", "--out", str(tmp_path / "k.pem")]) == EXIT_ERROR
    assert "NotFoundException" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(["sign", str(out), "--key", "k.pem", "--kms-key", ALIAS])  # one signer at a time
    with pytest.raises(SystemExit):
        run(["demo", "--out", str(tmp_path / "d"), "--sign-key", "k", "--sign-kms-key", ALIAS])


def test_a_scan_with_a_bad_kms_key_fails_before_scanning(
    aws: boto3.Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    args = ["scan", "--out", str(out), "--regions", REGION, "--no-pdf", "--sign-kms-key", "alias/missing"]
    assert main(args) == EXIT_ERROR
    assert "alias/missing" in capsys.readouterr().err
    assert not out.exists()


def test_a_scan_signed_with_kms_verifies(
    aws: boto3.Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real scan (of the moto account), signed by a KMS key through the scan's own session."""
    _signing_key(aws)
    out, pem = tmp_path / "run", tmp_path / "kms.pem"
    args = ["scan", "--out", str(out), "--regions", REGION, "--no-pdf", "--sign-kms-key", ALIAS]
    assert main(args) == EXIT_OK
    assert run(["kms-public-key", ALIAS, "--out", str(pem)]) == EXIT_OK
    result = verify_run(out, pem)
    assert result.ok and result.signature.state == "valid", result.signature.detail
