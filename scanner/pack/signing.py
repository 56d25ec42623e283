"""Evidence pack integrity: a signature over manifest.json, packing a run into one zip, and verifying either
offline with nothing but the public key the auditor was given.

Two signers write the same manifest.sig: an Ed25519 key file (`keygen`, `--sign-key`) and an asymmetric AWS
KMS key (`--sign-kms-key`, scanner/pack/kms_signing.py). The file records the algorithm, which decides how the
signature is checked.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from scanner import atomicfile
from scanner.errors import ControlmapError
from scanner.evidence import sha256_hex
from scanner.rundir import LOCK, MANIFEST, SIGNATURE, ManifestCheck, require_complete, verify_manifest

ALGORITHM = "Ed25519"
PublicKey = Ed25519PublicKey | ec.EllipticCurvePublicKey | RSAPublicKey


class SigningError(ControlmapError):
    """A key or signature file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class _Scheme:
    """How one recorded algorithm is checked: the kind of public key it needs and the verification."""

    key_type: type[Any]
    key_kind: str
    # (public key, signature, manifest.json bytes) -> None, or raises InvalidSignature
    check: Callable[[Any, bytes, bytes], None]


_SHA256 = hashes.SHA256()
# KMS's RSASSA_PSS_SHA_256 is PSS with MGF1(SHA-256) and a 256-bit salt (the digest length).
_KMS_PSS = padding.PSS(mgf=padding.MGF1(_SHA256), salt_length=padding.PSS.DIGEST_LENGTH)
_SCHEMES: Mapping[str, _Scheme] = {
    ALGORITHM: _Scheme(Ed25519PublicKey, "an Ed25519", lambda key, sig, data: key.verify(sig, data)),
    "ECDSA_SHA_256": _Scheme(
        ec.EllipticCurvePublicKey, "an EC", lambda key, sig, data: key.verify(sig, data, ec.ECDSA(_SHA256))
    ),
    "RSASSA_PSS_SHA_256": _Scheme(
        RSAPublicKey, "an RSA", lambda key, sig, data: key.verify(sig, data, _KMS_PSS, _SHA256)
    ),
    "RSASSA_PKCS1_V1_5_SHA_256": _Scheme(
        RSAPublicKey, "an RSA", lambda key, sig, data: key.verify(sig, data, padding.PKCS1v15(), _SHA256)
    ),
}
# The KMS signing algorithms controlmap signs with (and verifies), most preferred first.
KMS_ALGORITHMS = tuple(name for name in _SCHEMES if name != ALGORITHM)


@dataclass(frozen=True)
class Signature:
    """A signer's answer: the signature over manifest.json, how to check it, and what else to record."""

    algorithm: str
    public_key: PublicKey
    value: bytes
    details: Mapping[str, str] = field(default_factory=dict)  # recorded after the common fields


@dataclass(frozen=True)
class Signer:
    """Signs manifest.json's bytes. Its public key is known before anything is signed, so the report written
    ahead of the signature can name the key the pack will be signed with."""

    public_key: PublicKey
    sign: Callable[[bytes], Signature]
    key_name: str = ""  # what else names the key (a KMS key's ARN)

    def __call__(self, data: bytes) -> Signature:
        return self.sign(data)

    def described(self) -> str:
        """The key as the verification sheet names it: its name, if any, and its SHA-256 fingerprint."""
        named = f"{self.key_name}, " if self.key_name else ""
        return f"{named}public key SHA-256 {fingerprint(self.public_key)}"


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
    public_path.write_bytes(public_key_pem(key.public_key()))
    return public_path


def _load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"{path}: not a readable unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path}: the key is {type(key).__name__}, not an Ed25519 key")
    return key


def public_key_from_der(der: bytes, source: str) -> PublicKey:
    """A DER SubjectPublicKeyInfo (what KMS GetPublicKey returns) as a key; `source` names it in errors."""
    try:
        return _supported(serialization.load_der_public_key(der), source)
    except (ValueError, TypeError) as exc:
        raise SigningError(f"{source}: not a DER public key ({exc})") from None


def _supported(key: Any, source: str) -> PublicKey:
    if not isinstance(key, Ed25519PublicKey | ec.EllipticCurvePublicKey | RSAPublicKey):
        raise SigningError(f"{source}: the key is {type(key).__name__}, not an Ed25519, EC or RSA key")
    return key


def _load_public(path: Path) -> PublicKey:
    """The auditor's public key: PEM (from keygen or kms-public-key), or the DER KMS GetPublicKey returns."""
    try:
        data = path.read_bytes()
        if data.lstrip().startswith(b"-----BEGIN"):
            return _supported(serialization.load_pem_public_key(data), str(path))
        return _supported(serialization.load_der_public_key(data), str(path))
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"{path}: not a readable PEM public key ({exc})") from None


def public_key_pem(key: PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def fingerprint(key: PublicKey) -> str:
    """SHA-256 of a public key: of the 32 raw bytes for Ed25519 (what manifest.sig has always recorded), of
    the DER SubjectPublicKeyInfo for EC and RSA keys (the bytes KMS GetPublicKey returns)."""
    if isinstance(key, Ed25519PublicKey):
        return sha256_hex(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    return sha256_hex(
        key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def _problem(algorithm: str, key: PublicKey, signature: bytes, data: bytes) -> str | None:
    """Why the signature does not hold for `data` under `key`, or None when it does."""
    scheme = _SCHEMES[algorithm]
    if not isinstance(key, scheme.key_type):
        return f"{algorithm} needs {scheme.key_kind} public key, and the given key is {type(key).__name__}"
    try:
        scheme.check(key, signature, data)
    except (InvalidSignature, ValueError):
        return f"the signature does not match {MANIFEST}"
    return None


def ed25519_signer(private_key: Path) -> Signer:
    """A signer with an Ed25519 key file, read now so that a bad key fails before any run is made."""
    key = _load_private(private_key)
    return Signer(key.public_key(), lambda data: Signature(ALGORITHM, key.public_key(), key.sign(data)))


def write_signature(directory: Path, signer: Signer) -> Path:
    """Sign the run's manifest.json (which hashes every other file) and write manifest.sig. A signature that
    does not verify with the signer's own public key is never written."""
    manifest = directory / MANIFEST
    if not manifest.is_file():
        raise SigningError(f"{directory}: no {MANIFEST} to sign")
    require_complete(directory)  # its manifest.json does not cover what the folder holds
    data = manifest.read_bytes()
    signature = signer(data)
    problem = _problem(signature.algorithm, signature.public_key, signature.value, data)
    if problem is not None:
        raise SigningError(f"{directory}: the new {signature.algorithm} signature does not verify: {problem}")
    record = {
        "algorithm": signature.algorithm,
        "signed_file": MANIFEST,
        "public_key_sha256": fingerprint(signature.public_key),
        "signature": base64.b64encode(signature.value).decode(),
        **signature.details,
    }
    path = directory / SIGNATURE
    atomicfile.write_text(path, json.dumps(record, indent=2) + "\n")
    return path


def sign_run(directory: Path, private_key: Path) -> Path:
    """Sign the run's manifest.json with an Ed25519 key file and write manifest.sig."""
    return write_signature(directory, ed25519_signer(private_key))


@dataclass(frozen=True)
class SignatureCheck:
    state: str  # "valid" | "invalid" | "missing" (a key was given) | "unsigned" | "not checked"
    detail: str

    @property
    def ok(self) -> bool:
        return self.state in ("valid", "not checked", "unsigned")


@dataclass(frozen=True)
class _Recorded:
    """What manifest.sig claims. Only the auditor's public key decides whether the claim holds."""

    algorithm: str
    fingerprint: str
    signature: bytes
    key_id: str | None  # the KMS key, for KMS signatures

    @property
    def signer(self) -> str:
        kms = f" (AWS KMS key {self.key_id}, {self.algorithm})" if self.key_id else ""
        return f"key {self.fingerprint[:16]}…{kms}"


def _read_recorded(path: Path) -> _Recorded:
    recorded = json.loads(path.read_text())
    if not isinstance(recorded, dict):
        raise ValueError("not a JSON object")
    algorithm = recorded.get("algorithm")
    if algorithm not in _SCHEMES:
        raise ValueError(f"algorithm {algorithm!r} is not one of {', '.join(_SCHEMES)}")
    key_id = recorded.get("key_id")
    return _Recorded(
        str(algorithm),
        str(recorded["public_key_sha256"]),
        base64.b64decode(recorded["signature"], validate=True),
        str(key_id) if key_id else None,
    )


def verify_signature(directory: Path, public_key: Path | None) -> SignatureCheck:
    """Check manifest.sig with the auditor's public key; without one the signature is "not checked" (a key
    shipped inside the pack would prove nothing: whoever changes the pack can replace it)."""
    path = directory / SIGNATURE
    if not path.is_file():
        if public_key is not None:
            return SignatureCheck(
                "missing", f"no {SIGNATURE}, but a public key was given to check it against"
            )
        return SignatureCheck("unsigned", f"no {SIGNATURE}: the run is hashed but not signed")
    try:
        recorded = _read_recorded(path)
    except (ValueError, KeyError, TypeError) as exc:
        return SignatureCheck("invalid", f"{SIGNATURE} is malformed ({exc})")
    if public_key is None:
        return SignatureCheck("not checked", f"signed by {recorded.signer}; pass --public-key to check it")
    key = _load_public(public_key)
    if fingerprint(key) != recorded.fingerprint:
        return SignatureCheck("invalid", f"signed by {recorded.signer}, not by {public_key}")
    manifest = directory / MANIFEST
    if not manifest.is_file():
        return SignatureCheck("invalid", f"no {MANIFEST} for the signature to cover")
    problem = _problem(recorded.algorithm, key, recorded.signature, manifest.read_bytes())
    if problem is not None:
        return SignatureCheck("invalid", problem)
    return SignatureCheck("valid", f"{MANIFEST} is signed by {public_key} ({recorded.fingerprint[:16]}…)")


def pack_run(directory: Path, archive: Path) -> Path:
    """Write every file of the run into one zip (names relative to the run, sorted, fixed timestamps). The
    lock file of a run writing the folder is no part of it; an INCOMPLETE mark is packed, so the pack fails
    verification as the folder does."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(
        p
        for p in directory.rglob("*")
        if p.is_file() and p.resolve() != archive.resolve() and p.relative_to(directory).as_posix() != LOCK
    )
    with (
        atomicfile.replacing(archive) as temporary,
        zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as bundle,
    ):
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(directory).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())
    return archive


@dataclass(frozen=True)
class PackLimits:
    """How far `verify` unpacks a zip pack. Real packs are JSON, HTML and PDF, which deflate about 15:1; a
    zip bomb expands about 1000:1. A genuine pack over a limit can be unzipped by hand and its folder
    verified."""

    max_bytes: int = 16 * 1024**3  # unpacked, all members together
    max_ratio: int = 200  # unpacked : packed, for the whole file and for any member over ratio_floor
    ratio_floor: int = 1024 * 1024  # smaller members are not judged one by one (the whole file still is)


_CHUNK = 1024 * 1024


@contextmanager
def opened_run(source: Path, limits: PackLimits | None = None) -> Iterator[Path]:
    """A run directory, or a pack unpacked into a temporary directory. Unpacking refuses unsafe member
    names, a name that appears twice, and more bytes or a higher compression ratio than `limits` allow."""
    if source.is_dir():
        yield source
        return
    if not zipfile.is_zipfile(source):
        raise SigningError(f"{source}: neither a run directory nor a zip pack")
    limits = limits or PackLimits()
    with (
        tempfile.TemporaryDirectory(prefix="controlmap-verify-") as staging,
        _open_zip(source) as bundle,
    ):
        members = _checked_members(source, bundle, limits)
        try:
            _unpack(source, bundle, members, Path(staging), limits)
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
            raise SigningError(f"{source}: damaged zip, or one this tool cannot read ({exc})") from None
        except OSError as exc:  # a member clashing with another's folder, a full disk
            raise SigningError(f"{source}: cannot unpack it ({exc})") from None
        yield Path(staging)


@contextmanager
def _open_zip(source: Path) -> Iterator[zipfile.ZipFile]:
    try:
        bundle = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SigningError(f"{source}: damaged zip ({exc})") from None
    with bundle:
        yield bundle


def _checked_members(
    source: Path, bundle: zipfile.ZipFile, limits: PackLimits
) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Each file member with its safe relative name, after every check the zip's directory allows."""
    members: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
    seen: dict[str, str] = {}  # case-folded name -> the member name it came from
    total = 0
    for member in bundle.infolist():
        name = PurePosixPath(member.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in member.filename or not name.parts:
            raise SigningError(f"{source}: unsafe member name {member.filename!r}")
        if member.is_dir():
            continue
        # Names that extract to one file (./a and a; A and a on a case-insensitive disk) are one name.
        key = name.as_posix().casefold()
        if key in seen:
            first = seen[key]
            also = "" if first == member.filename else f" (as {first!r} and {member.filename!r})"
            raise SigningError(
                f"{source}: member {name.as_posix()!r} appears more than once{also}; a pack holds each file "
                "once, and which copy counts would depend on the tool that reads it: refusing the pack"
            )
        seen[key] = member.filename
        size, packed = member.file_size, member.compress_size
        if size > limits.ratio_floor and size > limits.max_ratio * max(packed, 1):
            ratio = f"{size // max(packed, 1)}:1 ({size:,} bytes from {packed:,})"
            raise SigningError(_bomb(source, f"member {member.filename!r} expands {ratio}", limits))
        total += size
        members.append((member, name))
    _check_total(source, total, limits)
    archive = source.stat().st_size
    if total > limits.ratio_floor and total > limits.max_ratio * archive:
        ratio = f"{total // max(archive, 1)}:1 overall ({total:,} bytes from a {archive:,}-byte file)"
        raise SigningError(_bomb(source, f"expands {ratio}", limits))
    return members


def _bomb(source: Path, expands: str, limits: PackLimits) -> str:
    bomb = "which is how a zip bomb looks: refusing to unpack it"
    return f"{source}: {expands}, more than {limits.max_ratio}:1, {bomb}"


def _check_total(source: Path, total: int, limits: PackLimits) -> None:
    if total > limits.max_bytes:
        raise SigningError(
            f"{source}: unpacks to {total:,} bytes, more than the {limits.max_bytes:,} bytes a pack may "
            "unpack to here; if you trust it, unzip it yourself and verify the folder"
        )


def _unpack(
    source: Path,
    bundle: zipfile.ZipFile,
    members: list[tuple[zipfile.ZipInfo, PurePosixPath]],
    staging: Path,
    limits: PackLimits,
) -> None:
    """Copy each member out in chunks, counting what is written: a member's header cannot make it bigger."""
    total = 0
    for member, name in members:
        target = staging.joinpath(*name.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with bundle.open(member) as data, target.open("xb") as out:
            while chunk := data.read(_CHUNK):
                written += len(chunk)
                total += len(chunk)
                if written > member.file_size:
                    raise SigningError(
                        f"{source}: member {member.filename!r} holds more than the {member.file_size:,} "
                        "bytes its header declares: refusing the pack"
                    )
                _check_total(source, total, limits)
                out.write(chunk)


@dataclass(frozen=True)
class Verification:
    manifest: ManifestCheck
    signature: SignatureCheck

    @property
    def ok(self) -> bool:
        return self.manifest.ok and self.signature.ok


def verify_run(
    source: Path, public_key: Path | None = None, *, limits: PackLimits | None = None
) -> Verification:
    with opened_run(source, limits) as directory:
        return Verification(verify_manifest(directory), verify_signature(directory, public_key))
