"""Evidence pack integrity: an Ed25519 signature over manifest.json, packing a run into one zip, and
verifying either offline with nothing but the public key."""

from __future__ import annotations

import base64
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from scanner.errors import ControlmapError
from scanner.evidence import sha256_hex
from scanner.rundir import MANIFEST, SIGNATURE, ManifestCheck, verify_manifest

ALGORITHM = "Ed25519"


class SigningError(ControlmapError):
    """A key or signature file that cannot be used; the message names the file."""


def generate_keypair(private_path: Path) -> Path:
    """Write a new private key (PEM, readable only by its owner) and its public key next to it (.pub)."""
    if private_path.exists():
        raise SigningError(f"{private_path}: already exists; refusing to overwrite a key")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    private_path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(private_pem)
    public_path = private_path.with_name(private_path.name + ".pub")
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return public_path


def _load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"{path}: not a readable unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path}: the key is {type(key).__name__}, not an Ed25519 key")
    return key


def _load_public(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"{path}: not a readable PEM public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningError(f"{path}: the key is {type(key).__name__}, not an Ed25519 key")
    return key


def _fingerprint(key: Ed25519PublicKey) -> str:
    return sha256_hex(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def sign_run(directory: Path, private_key: Path) -> Path:
    """Sign the run's manifest.json (which hashes every other file) and write manifest.sig."""
    manifest = directory / MANIFEST
    if not manifest.is_file():
        raise SigningError(f"{directory}: no {MANIFEST} to sign")
    key = _load_private(private_key)
    signature = {
        "algorithm": ALGORITHM,
        "signed_file": MANIFEST,
        "public_key_sha256": _fingerprint(key.public_key()),
        "signature": base64.b64encode(key.sign(manifest.read_bytes())).decode(),
    }
    path = directory / SIGNATURE
    path.write_text(json.dumps(signature, indent=2) + "\n")
    return path


@dataclass(frozen=True)
class SignatureCheck:
    state: str  # "valid" | "invalid" | "missing" (a key was given) | "unsigned" | "not checked"
    detail: str

    @property
    def ok(self) -> bool:
        return self.state in ("valid", "not checked", "unsigned")


def verify_signature(directory: Path, public_key: Path | None) -> SignatureCheck:
    path = directory / SIGNATURE
    if not path.is_file():
        if public_key is not None:
            return SignatureCheck(
                "missing", f"no {SIGNATURE}, but a public key was given to check it against"
            )
        return SignatureCheck("unsigned", f"no {SIGNATURE}: the run is hashed but not signed")
    try:
        recorded = json.loads(path.read_text())
        signature = base64.b64decode(recorded["signature"], validate=True)
        fingerprint = str(recorded["public_key_sha256"])
        if recorded.get("algorithm") != ALGORITHM:
            raise ValueError(f"algorithm {recorded.get('algorithm')!r} is not {ALGORITHM}")
    except (ValueError, KeyError, TypeError) as exc:
        return SignatureCheck("invalid", f"{SIGNATURE} is malformed ({exc})")
    if public_key is None:
        return SignatureCheck(
            "not checked", f"signed by key {fingerprint[:16]}…; pass --public-key to check it"
        )
    key = _load_public(public_key)
    if _fingerprint(key) != fingerprint:
        return SignatureCheck("invalid", f"signed by key {fingerprint[:16]}…, not by {public_key}")
    try:
        key.verify(signature, (directory / MANIFEST).read_bytes())
    except InvalidSignature:
        return SignatureCheck("invalid", f"the signature does not match {MANIFEST}")
    return SignatureCheck("valid", f"{MANIFEST} is signed by {public_key} ({fingerprint[:16]}…)")


def pack_run(directory: Path, archive: Path) -> Path:
    """Write every file of the run into one zip (names relative to the run, sorted, fixed timestamps)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in directory.rglob("*") if p.is_file() and p.resolve() != archive.resolve())
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(directory).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())
    return archive


@contextmanager
def opened_run(source: Path) -> Iterator[Path]:
    """A run directory, or a pack unpacked into a temporary directory (refusing unsafe member names)."""
    if source.is_dir():
        yield source
        return
    if not zipfile.is_zipfile(source):
        raise SigningError(f"{source}: neither a run directory nor a zip pack")
    with (
        tempfile.TemporaryDirectory(prefix="controlmap-verify-") as staging,
        zipfile.ZipFile(source) as bundle,
    ):
        for member in bundle.infolist():
            name = PurePosixPath(member.filename)
            if name.is_absolute() or ".." in name.parts:
                raise SigningError(f"{source}: unsafe member name {member.filename!r}")
        bundle.extractall(staging)
        yield Path(staging)


@dataclass(frozen=True)
class Verification:
    manifest: ManifestCheck
    signature: SignatureCheck

    @property
    def ok(self) -> bool:
        return self.manifest.ok and self.signature.ok


def verify_run(source: Path, public_key: Path | None = None) -> Verification:
    with opened_run(source) as directory:
        return Verification(verify_manifest(directory), verify_signature(directory, public_key))
