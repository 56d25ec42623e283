"""Self-signed certificates for the seeds that import certificates into ACM."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def self_signed_ec(domain: str, days: int) -> tuple[bytes, bytes]:
    """A self-signed P-256 certificate (PEM) issued 30 days ago that expires in `days` days, and its key."""
    return _self_signed(ec.generate_private_key(ec.SECP256R1()), domain, issued_days_ago=30, days_left=days)


def self_signed_rsa(domain: str, key_size: int) -> tuple[bytes, bytes]:
    """A self-signed certificate (PEM) valid for a year with an RSA key of `key_size` bits, and its key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    return _self_signed(key, domain, issued_days_ago=1, days_left=365)


def _self_signed(
    key: PrivateKey, domain: str, *, issued_days_ago: int, days_left: int
) -> tuple[bytes, bytes]:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=issued_days_ago))
        .not_valid_after(now + dt.timedelta(days=days_left))
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM), private
