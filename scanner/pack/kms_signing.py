"""The second evidence signer: an asymmetric AWS KMS key (kept in the security account) signs manifest.json.

KMS is asked to sign the SHA-256 digest of manifest.json (MessageType DIGEST), not the file itself: a RAW
message may be at most 4096 bytes, and the manifest of a real run is larger. Signing the digest gives the very
signature KMS would make over the raw bytes, so anyone holding the public key checks it over manifest.json
offline (`controlmap verify --public-key`, or `openssl dgst -sha256 -verify`), with no AWS call.

kms:Sign is not a read. The client that sends it is built by the same session and guard machinery as the
scan's and holds a Grant for the resolved key ARN alone: a Sign with any other KeyId is refused before it is
sent, and the scan's own clients hold no grant at all. kms:DescribeKey and kms:GetPublicKey are plain reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from scanner.aws.classify import classify
from scanner.aws.sessions import DEFAULT_REGION, KMS_SIGN, Grant, guarded_client
from scanner.pack.signing import (
    KMS_ALGORITHMS,
    PublicKey,
    Signature,
    Signer,
    SigningError,
    public_key_from_der,
    public_key_pem,
)

MESSAGE_TYPE = "DIGEST"  # KMS signs SHA-256(manifest.json): RAW messages are limited to 4096 bytes
SIGNER = "aws-kms"  # recorded in manifest.sig next to the key ARN


@dataclass(frozen=True)
class KmsKey:
    """An asymmetric KMS key checked to be able to sign: its ARN, region, chosen algorithm and public key."""

    arn: str
    region: str
    algorithm: str
    public_key: PublicKey


def key_region(key: str, session: boto3.Session) -> str:
    """The key's region: the one in its ARN, else the session's (profile or environment), else the default."""
    if key.startswith("arn:"):
        parts = key.split(":")
        if len(parts) < 6 or parts[2] != "kms" or not parts[3]:
            raise SigningError(f"KMS key {key}: not a KMS key or alias ARN")
        return parts[3]
    return session.region_name or DEFAULT_REGION


@contextmanager
def _kms_errors(key: str, region: str) -> Iterator[None]:
    """AWS errors of the KMS calls as a SigningError naming the key, classified like every other AWS error."""
    try:
        yield
    except (ClientError, BotoCoreError) as exc:
        raise SigningError(f"KMS key {key} in {region}: {classify(exc)}") from None


def _signing_algorithm(key: str, metadata: Mapping[str, Any]) -> str:
    """The algorithm to sign with; refuses symmetric, encryption and HMAC keys and keys that cannot sign."""
    spec = metadata.get("KeySpec") or metadata.get("CustomerMasterKeySpec") or "unknown"
    usage = metadata.get("KeyUsage") or "unknown"
    named = f"KMS key {key} ({metadata.get('Arn', key)})"
    if usage != "SIGN_VERIFY":
        raise SigningError(
            f"{named} is a {spec} key for {usage}: evidence is signed with an asymmetric SIGN_VERIFY key "
            "(ECC_NIST_P256 or RSA)"
        )
    state = metadata.get("KeyState", "unknown")
    if state != "Enabled":
        raise SigningError(f"{named} is {state}: only an enabled key can sign")
    offered = metadata.get("SigningAlgorithms") or []
    for algorithm in KMS_ALGORITHMS:
        if algorithm in offered:
            return algorithm
    raise SigningError(
        f"{named} is a {spec} key offering {', '.join(offered) or 'no algorithm'}; evidence is signed with "
        f"{' or '.join(KMS_ALGORITHMS)} (an ECC_NIST_P256 or RSA key)"
    )


def describe_signing_key(session: boto3.Session, key: str) -> KmsKey:
    """Resolve a key ARN, id or alias (kms:DescribeKey), check it can sign, and fetch its public key
    (kms:GetPublicKey). Reads only."""
    region = key_region(key, session)
    client = guarded_client(session, "kms", region)
    with _kms_errors(key, region):
        metadata = client.describe_key(KeyId=key)["KeyMetadata"]
    algorithm = _signing_algorithm(key, metadata)
    with _kms_errors(key, region):
        der = client.get_public_key(KeyId=metadata["Arn"])["PublicKey"]
    return KmsKey(metadata["Arn"], region, algorithm, public_key_from_der(der, f"KMS key {metadata['Arn']}"))


def kms_signer(session: boto3.Session, key: str) -> Signer:
    """A signer backed by the KMS key. The key is resolved and checked now, so a wrong key fails before a run
    is made; the signature names the resolved ARN, which an alias moved later cannot change."""
    signing_key = describe_signing_key(session, key)
    grant = Grant(KMS_SIGN, signing_key.arn)
    client = guarded_client(session, "kms", signing_key.region, grants=(grant,))

    def sign(data: bytes) -> Signature:
        with _kms_errors(key, signing_key.region):
            response = client.sign(
                KeyId=signing_key.arn,
                Message=hashlib.sha256(data).digest(),
                MessageType=MESSAGE_TYPE,
                SigningAlgorithm=signing_key.algorithm,
            )
        details = {"signer": SIGNER, "key_id": signing_key.arn, "message_type": MESSAGE_TYPE}
        return Signature(signing_key.algorithm, signing_key.public_key, response["Signature"], details)

    return Signer(signing_key.public_key, sign, key_name=f"AWS KMS key {signing_key.arn}")


def export_public_key(session: boto3.Session, key: str, out: Path) -> KmsKey:
    """Write the signing key's public key as PEM (SubjectPublicKeyInfo) for auditors to verify packs with."""
    signing_key = describe_signing_key(session, key)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(public_key_pem(signing_key.public_key))
    return signing_key
