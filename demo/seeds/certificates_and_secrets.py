"""Demo: ACM certificates on tenant-a's load balancer (one expiring in 10 days) and Secrets Manager secrets
(tenant-b's Hive metastore credentials never rotate)."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from demo.world import HOME, DemoWorld

LOAD_BALANCER = "tenant-a-web"


def seed(world: DemoWorld) -> None:
    _certificates(world)
    _secrets(world)


def _certificates(world: DemoWorld) -> None:
    from moto.acm.models import acm_backends

    acm = world.sessions["tenant-a"].client("acm", region_name=HOME)
    backend = acm_backends[world.org.account_id("tenant-a")][HOME]
    for domain, days in (("app.tenant-a.example.com", 200), ("api.tenant-a.example.com", 10)):
        certificate, key = _self_signed(domain, days)
        arn = acm.import_certificate(Certificate=certificate, PrivateKey=key)["CertificateArn"]
        # moto records use only for classic load balancers; mark the listener's use as AWS would.
        backend.set_certificate_in_use_by(arn, LOAD_BALANCER)
    certificate, key = _self_signed("old.tenant-b.example.com", 5)  # expiring, but unused
    world.sessions["tenant-b"].client("acm", region_name=HOME).import_certificate(
        Certificate=certificate, PrivateKey=key
    )


def _self_signed(domain: str, days: int) -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM), private


def _secrets(world: DemoWorld) -> None:
    rotating = (("tenant-a", "tenant-a/snowflake-credentials"), ("shared-services", "shared/ci-deploy-token"))
    for name, secret in rotating:
        client = world.sessions[name].client("secretsmanager", region_name=HOME)
        client.create_secret(Name=secret, SecretString='{"user": "svc", "password": "demo-only"}')
        client.rotate_secret(SecretId=secret, RotationRules={"AutomaticallyAfterDays": 30})
    world.sessions["tenant-b"].client("secretsmanager", region_name=HOME).create_secret(
        Name="tenant-b/hive-metastore", SecretString='{"user": "hive", "password": "demo-only"}'
    )
