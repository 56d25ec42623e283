"""Demo: AWS Private CA. shared-services runs the hybrid-host CA (P-256, CRL published); networking stood up
its own CA for network devices without any revocation."""

from __future__ import annotations

from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    published = {"CrlConfiguration": {"Enabled": True, "S3BucketName": "shared-services-crl"}}
    for account, common_name, revocation, usage in (
        ("shared-services", "hybrid-hosts", published, "SHORT_LIVED_CERTIFICATE"),
        ("networking", "network-devices", {"CrlConfiguration": {"Enabled": False}}, "GENERAL_PURPOSE"),
    ):
        pca = world.sessions[account].client("acm-pca", region_name=HOME)
        arn = pca.create_certificate_authority(
            CertificateAuthorityConfiguration={
                "KeyAlgorithm": "EC_prime256v1",
                "SigningAlgorithm": "SHA256WITHECDSA",
                "Subject": {"CommonName": common_name},
            },
            RevocationConfiguration=revocation,
            CertificateAuthorityType="ROOT",
            UsageMode=usage,
        )["CertificateAuthorityArn"]
        # Activation installs the CA certificate; moto lets the simulation set the resulting status directly.
        pca.update_certificate_authority(CertificateAuthorityArn=arn, Status="ACTIVE")
