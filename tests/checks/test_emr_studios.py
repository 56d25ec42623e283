"""EMR Studio: IAM Identity Center authentication, private subnets and an encrypted default S3 location."""

from __future__ import annotations

from typing import Any

from checks.emr_studios import studio_hardened
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

PRIVATE = {
    "RouteTableId": "rtb-private",
    "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"}],
}
PUBLIC = {
    "RouteTableId": "rtb-public",
    "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}],
}
KMS = [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "k"}}]


def studio(tables: dict[str, Any] | None = None, **detail: Any) -> Item:
    described = {
        "StudioId": "es-1",
        "AuthMode": "SSO",
        "VpcId": "vpc-1",
        "SubnetIds": ["subnet-a", "subnet-b"],
        "DefaultS3Location": "s3://studio-notebooks/workspaces/",
    } | detail
    routes = {"subnet-a": PRIVATE, "subnet-b": PRIVATE} if tables is None else tables
    data = {"StudioId": "es-1", "Studio": described, "SubnetRouteTables": routes}
    return item(f"arn:aws:elasticmapreduce:{REGION}:{ACCOUNT}:studio/es-1", data, name="claims-studio")


def bucket(encryption: list[dict[str, Any]] | None = KMS, name: str = "studio-notebooks") -> Item:
    return item(f"arn:aws:s3:::{name}", {"Encryption": encryption}, name=name, region="global")


def _run(*studios: Item, buckets: tuple[Item, ...] = (bucket(),)) -> list[Result]:
    inv = InventoryBuilder().add("emr.studios", studios).add("s3.buckets", buckets)
    return run_check(studio_hardened, inv)


def test_passes_with_sso_private_subnets_and_an_encrypted_location() -> None:
    [result] = _run(studio())
    assert result.status is Status.PASS and "2 private subnet(s)" in result.message and result.evidence


def test_fails_for_iam_auth_a_public_subnet_or_an_unencrypted_location() -> None:
    [iam] = _run(studio(AuthMode="IAM"))
    assert iam.status is Status.FAIL and "IAM, not SSO" in iam.message
    [public] = _run(studio({"subnet-a": PRIVATE, "subnet-b": PUBLIC}))
    assert public.status is Status.FAIL and "subnet-b" in public.message and "subnet-a" not in public.message
    [plain] = _run(studio(), buckets=(bucket(None),))
    assert plain.status is Status.FAIL and "no default encryption" in plain.message
    [no_location] = _run(studio(DefaultS3Location=None))
    assert no_location.status is Status.FAIL and "not an S3 bucket" in no_location.message


def test_errors_when_a_part_is_unknown() -> None:
    [elsewhere] = _run(studio(DefaultS3Location="s3://someone-elses-bucket/"))
    assert elsewhere.status is Status.ERROR and "someone-elses-bucket" in elsewhere.message
    [no_table] = _run(studio({"subnet-a": PRIVATE}))
    assert no_table.status is Status.ERROR and "subnet-b" in no_table.message
    unreadable = item(
        f"arn:aws:elasticmapreduce:{REGION}:{ACCOUNT}:studio/es-2", {}, errors={"Studio": ACCESS_DENIED}
    )
    assert statuses(_run(unreadable)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("emr.studios", ACCESS_DENIED).add("s3.buckets", [bucket()])
    assert statuses(run_check(studio_hardened, denied)) == ["ERROR"]
    encryption_unread = item(
        "arn:aws:s3:::studio-notebooks",
        {},
        name="studio-notebooks",
        region="global",
        errors={"Encryption": ACCESS_DENIED},
    )
    [unread] = _run(studio(), buckets=(encryption_unread,))
    assert unread.status is Status.ERROR and "could not be read" in unread.message


def test_a_known_failure_outweighs_an_unknown() -> None:
    [result] = _run(studio({"subnet-a": PUBLIC}, AuthMode="IAM"))
    assert result.status is Status.FAIL
