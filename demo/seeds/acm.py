"""Demo: ACM certificates. tenant-a's load balancer uses two imported certificates, one expiring in 10 days;
tenant-b has an expiring certificate nothing uses, and its legacy portal's load balancer presents an imported
RSA-1024 certificate. (The certificates ACM issues for tenant-a's edge are requested by the `cloudfront` and
`elb` seeds.)"""

from __future__ import annotations

from demo.seeds._lib.certificates import self_signed_ec, self_signed_rsa
from demo.world import HOME, DemoWorld

TENANT_A_LOAD_BALANCER = "tenant-a-web"
LEGACY_LOAD_BALANCER = "legacy-portal"


def seed(world: DemoWorld) -> None:
    from moto.acm.models import acm_backends

    acm = world.sessions["tenant-a"].client("acm", region_name=HOME)
    backend = acm_backends[world.org.account_id("tenant-a")][HOME]
    for domain, days in (("app.tenant-a.example.com", 200), ("api.tenant-a.example.com", 10)):
        certificate, key = self_signed_ec(domain, days)
        arn = acm.import_certificate(Certificate=certificate, PrivateKey=key)["CertificateArn"]
        # moto records use only for classic load balancers; mark the listener's use as AWS would.
        backend.set_certificate_in_use_by(arn, TENANT_A_LOAD_BALANCER)
    certificate, key = self_signed_ec("old.tenant-b.example.com", 5)  # expiring, but unused
    world.sessions["tenant-b"].client("acm", region_name=HOME).import_certificate(
        Certificate=certificate, PrivateKey=key
    )
    _weak_certificate_in_use(world)


def _weak_certificate_in_use(world: DemoWorld) -> None:
    """tenant-b: an imported RSA-1024 certificate on the legacy portal's load balancer."""
    from moto.acm.models import acm_backends

    certificate, key = self_signed_rsa("legacy.tenant-b.example.com", 1024)
    acm = world.sessions["tenant-b"].client("acm", region_name=HOME)
    arn = acm.import_certificate(Certificate=certificate, PrivateKey=key)["CertificateArn"]
    acm_backends[world.org.account_id("tenant-b")][HOME].set_certificate_in_use_by(arn, LEGACY_LOAD_BALANCER)
