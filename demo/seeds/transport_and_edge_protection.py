"""Demo: edge, transport and analytics-service protection.

tenant-a: its CloudFront distribution requires TLS 1.2 (2021 policy) to viewers and HTTPS to its origin, and
it, the public load balancer and the REST API stage have web ACLs; the Aurora cluster forces TLS through its
cluster parameter group; the EMR cluster runs 7.x with an encrypting security configuration and archives its
logs, and its EMR on EKS jobs log to S3. tenant-b: the legacy distribution allows plain HTTP on the default
certificate and fetches its origin over HTTP, and neither it, the legacy load balancer nor the partner API has
a web ACL; the load balancer presents an imported RSA-1024 certificate; the PostgreSQL instance has
rds.force_ssl off; a public, unencrypted search domain; an EMR 6.10 cluster without security configuration or
logs, an EMR on EKS job without a log destination, and EMR block public access that also permits JupyterHub's
port in the home region. The security account's log analytics domain is fully hardened. tenant-a's Airflow
environment is private, logs everything and uses its own key; tenant-b's serves its UI publicly. Runs after
`databases` and `logging_and_edges`, which create the databases and load balancers."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from checks.mwaa import LOG_TYPES as MWAA_LOG_TYPES
from demo.world import DEMO_REGIONS, HOME, DemoWorld, issued_certificate

# AWS managed cache policy "CachingOptimized".
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"


def seed(world: DemoWorld) -> None:
    tenant_a, tenant_b = world.sessions["tenant-a"], world.sessions["tenant-b"]
    _distribution(
        tenant_a,
        "claims-site",
        viewer_policy="redirect-to-https",
        origin_policy="https-only",
        certificate=_edge_certificate(tenant_a, "www.claims.example.com"),
        web_acl=_web_acl(tenant_a, "claims-edge", "CLOUDFRONT"),
    )
    _distribution(tenant_b, "legacy-portal", viewer_policy="allow-all", origin_policy="http-only")
    _protect_load_balancer(tenant_a, "claims-web", _web_acl(tenant_a, "claims-web", "REGIONAL", HOME))
    claims_api = _rest_api(tenant_a, "claims-api", "prod")
    _protect(tenant_a, _web_acl(tenant_a, "claims-api", "REGIONAL", HOME), claims_api)
    _rest_api(tenant_b, "partner-api", "v1")
    _weak_certificate_in_use(world)
    _airflow(world)
    _database_tls(tenant_a, tenant_b)
    _hardened_log_analytics(world.sessions["security"])
    _open_search_domain(tenant_b)
    _emr_block_public_access(world)
    _emr_cluster(tenant_a, "claims-etl", "emr-7.1.0", secure=True)
    _emr_cluster(tenant_b, "legacy-hive", "emr-6.10.0", secure=False)
    _emr_on_eks_job(tenant_a, "claims-spark", log_uri="s3://emr-eks-logs-claims/")
    _emr_on_eks_job(tenant_b, "adhoc-spark", log_uri=None)


def _edge_certificate(session: Any, domain: str) -> dict[str, str]:
    """A viewer certificate from ACM (CloudFront reads certificates in us-east-1) with the 2021 TLS policy."""
    arn = issued_certificate(session, "us-east-1", domain)
    return {
        "ACMCertificateArn": arn,
        "SSLSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1.2_2021",
    }


def _web_acl(session: Any, name: str, scope: str, region: str = "us-east-1") -> str:
    """A web ACL running the AWS common rule set; CLOUDFRONT-scope ACLs live in us-east-1."""
    waf = session.client("wafv2", region_name=region)
    visibility = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": name}
    rule = {
        "Name": "common",
        "Priority": 0,
        "Statement": {
            "ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}
        },
        "OverrideAction": {"None": {}},
        "VisibilityConfig": visibility | {"MetricName": f"{name}-common"},
    }
    created = waf.create_web_acl(
        Name=name, Scope=scope, DefaultAction={"Allow": {}}, Rules=[rule], VisibilityConfig=visibility
    )
    arn: str = created["Summary"]["ARN"]
    return arn


def _distribution(
    session: Any,
    name: str,
    *,
    viewer_policy: str,
    origin_policy: str,
    certificate: dict[str, str] | None = None,
    web_acl: str = "",
) -> None:
    origin = {
        "Id": f"{name}-origin",
        "DomainName": f"{name}.origin.example.com",
        "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": origin_policy},
    }
    config: dict[str, Any] = {
        "CallerReference": name,
        "Comment": name,
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {
            "TargetOriginId": origin["Id"],
            "ViewerProtocolPolicy": viewer_policy,
            "CachePolicyId": CACHING_OPTIMIZED,
        },
        "WebACLId": web_acl,
    }
    if certificate:
        config["ViewerCertificate"] = certificate
    session.client("cloudfront", region_name=HOME).create_distribution(DistributionConfig=config)


def _protect(session: Any, web_acl: str, resource_arn: str) -> None:
    session.client("wafv2", region_name=HOME).associate_web_acl(WebACLArn=web_acl, ResourceArn=resource_arn)


def _protect_load_balancer(session: Any, name: str, web_acl: str) -> None:
    elb = session.client("elbv2", region_name=HOME)
    arn = elb.describe_load_balancers(Names=[name])["LoadBalancers"][0]["LoadBalancerArn"]
    _protect(session, web_acl, arn)


def _rest_api(session: Any, name: str, stage: str) -> str:
    """A regional REST API with one mock GET method deployed to `stage`; returns the stage's ARN."""
    apigateway = session.client("apigateway", region_name=HOME)
    api_id = apigateway.create_rest_api(name=name, endpointConfiguration={"types": ["REGIONAL"]})["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="AWS_IAM")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName=stage)
    return f"arn:aws:apigateway:{HOME}::/restapis/{api_id}/stages/{stage}"


def self_signed_rsa(domain: str, key_size: int) -> tuple[bytes, bytes]:
    """A self-signed certificate (PEM) valid for a year with an RSA key of `key_size` bits, and its key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM), private


def _weak_certificate_in_use(world: DemoWorld) -> None:
    """tenant-b: an imported RSA-1024 certificate on the legacy portal's load balancer."""
    from moto.acm.models import acm_backends

    certificate, key = self_signed_rsa("legacy.tenant-b.example.com", 1024)
    acm = world.sessions["tenant-b"].client("acm", region_name=HOME)
    arn = acm.import_certificate(Certificate=certificate, PrivateKey=key)["CertificateArn"]
    # moto records use only for classic load balancers; mark the listener's use as AWS would.
    acm_backends[world.org.account_id("tenant-b")][HOME].set_certificate_in_use_by(arn, "legacy-portal")


def _database_tls(tenant_a: Any, tenant_b: Any) -> None:
    """Custom parameter groups for the databases of the `databases` seed: forced TLS on tenant-a's Aurora
    PostgreSQL cluster, rds.force_ssl=0 on tenant-b's PostgreSQL instance."""
    force_ssl = {"ParameterName": "rds.force_ssl", "ApplyMethod": "immediate"}
    rds_a = tenant_a.client("rds", region_name=HOME)
    rds_a.create_db_cluster_parameter_group(
        DBClusterParameterGroupName="ledger-tls",
        DBParameterGroupFamily="aurora-postgresql16",
        Description="Ledger cluster: TLS only",
    )
    rds_a.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName="ledger-tls", Parameters=[force_ssl | {"ParameterValue": "1"}]
    )
    rds_a.modify_db_cluster(DBClusterIdentifier="tenant-a-ledger", DBClusterParameterGroupName="ledger-tls")
    rds_b = tenant_b.client("rds", region_name=HOME)
    rds_b.create_db_parameter_group(
        DBParameterGroupName="orders-legacy-clients",
        DBParameterGroupFamily="postgres16",
        Description="Orders: plain connections allowed for legacy clients",
    )
    rds_b.modify_db_parameter_group(
        DBParameterGroupName="orders-legacy-clients", Parameters=[force_ssl | {"ParameterValue": "0"}]
    )
    rds_b.modify_db_instance(
        DBInstanceIdentifier="tenant-b-orders", DBParameterGroupName="orders-legacy-clients"
    )


def _hardened_log_analytics(session: Any) -> None:
    """security: the central log analytics domain, in the default VPC, with every protection on."""
    ec2 = session.client("ec2", region_name=HOME)
    subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]
    group = ec2.create_security_group(
        GroupName="log-analytics", Description="OpenSearch log analytics", VpcId=subnet["VpcId"]
    )["GroupId"]
    account = session.client("sts").get_caller_identity()["Account"]
    session.client("opensearch", region_name=HOME).create_domain(
        DomainName="security-logs",
        EncryptionAtRestOptions={"Enabled": True},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10"},
        AdvancedSecurityOptions={
            "Enabled": True,
            "InternalUserDatabaseEnabled": False,
            "MasterUserOptions": {"MasterUserARN": f"arn:aws:iam::{account}:role/SecurityAnalyticsAdmin"},
        },
        VPCOptions={"SubnetIds": [subnet["SubnetId"]], "SecurityGroupIds": [group]},
        LogPublishingOptions={
            "AUDIT_LOGS": {
                "Enabled": True,
                "CloudWatchLogsLogGroupArn": f"arn:aws:logs:{HOME}:{account}:log-group:"
                "/aws/opensearch/security-logs/audit",
            }
        },
    )


def _open_search_domain(session: Any) -> None:
    """tenant-b: a product search domain on a public endpoint with the defaults (no encryption, TLS 1.0)."""
    session.client("opensearch", region_name=HOME).create_domain(DomainName="product-search")


def _emr_block_public_access(world: DemoWorld) -> None:
    """On in every account and region, with only SSH excepted, but tenant-b's home region also lets clusters
    open JupyterHub (9443) to the internet. (moto 5.2 stores BlockPublicSecurityGroupRules=false as true, so
    "off" cannot be shown.)"""
    ssh = {"MinRange": 22, "MaxRange": 22}
    for name, session in world.sessions.items():
        for region in DEMO_REGIONS:
            exceptions = (
                [ssh, {"MinRange": 9443, "MaxRange": 9443}] if (name, region) == ("tenant-b", HOME) else [ssh]
            )
            session.client("emr", region_name=region).put_block_public_access_configuration(
                BlockPublicAccessConfiguration={
                    "BlockPublicSecurityGroupRules": True,
                    "PermittedPublicSecurityGroupRuleRanges": exceptions,
                }
            )


def _emr_cluster(session: Any, name: str, release: str, *, secure: bool) -> None:
    """A long-running cluster; `secure` adds an encrypting security configuration and a log URI."""
    emr = session.client("emr", region_name=HOME)
    settings: dict[str, Any] = {}
    if secure:
        encryption = {
            "EncryptionConfiguration": {
                "EnableAtRestEncryption": True,
                "EnableInTransitEncryption": True,
                "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}},
            }
        }
        emr.create_security_configuration(
            Name=f"{name}-encrypted", SecurityConfiguration=json.dumps(encryption)
        )
        account = session.client("sts").get_caller_identity()["Account"]
        settings = {
            "SecurityConfiguration": f"{name}-encrypted",
            "LogUri": f"s3://emr-logs-{account}/{name}/",
        }
    emr.run_job_flow(
        Name=name,
        ReleaseLabel=release,
        Instances={
            "MasterInstanceType": "m5.xlarge",
            "InstanceCount": 1,
            "KeepJobFlowAliveWhenNoSteps": True,
        },
        JobFlowRole="EMR_EC2_DefaultRole",
        ServiceRole="EMR_DefaultRole",
        **settings,
    )


def _emr_on_eks_job(session: Any, name: str, *, log_uri: str | None) -> None:
    """A virtual cluster on the tenant's EKS namespace with one Spark job run, logging to `log_uri` if set."""
    emr = session.client("emr-containers", region_name=HOME)
    provider = {"type": "EKS", "id": f"{name}-eks", "info": {"eksInfo": {"namespace": "spark"}}}
    cluster = emr.create_virtual_cluster(name=name, containerProvider=provider)
    account = session.client("sts").get_caller_identity()["Account"]
    overrides = (
        {"monitoringConfiguration": {"s3MonitoringConfiguration": {"logUri": log_uri}}} if log_uri else {}
    )
    emr.start_job_run(
        name=f"{name}-nightly",
        virtualClusterId=cluster["id"],
        executionRoleArn=f"arn:aws:iam::{account}:role/{name}-job",
        releaseLabel="emr-7.1.0-latest",
        jobDriver={"sparkSubmitJobDriver": {"entryPoint": f"s3://{name}-code/nightly.py"}},
        **({"configurationOverrides": overrides} if overrides else {}),
    )


def _airflow_environment(account: str, name: str, *, private: bool, key: str | None) -> dict[str, Any]:
    logging = {kind: {"Enabled": True, "LogLevel": "INFO"} for kind in MWAA_LOG_TYPES}
    if not private:
        logging["WebserverLogs"] = {"Enabled": False, "LogLevel": "INFO"}
    environment: dict[str, Any] = {
        "Name": name,
        "Arn": f"arn:aws:airflow:{HOME}:{account}:environment/{name}",
        "Status": "AVAILABLE",
        "AirflowVersion": "2.10.3",
        "WebserverAccessMode": "PRIVATE_ONLY" if private else "PUBLIC_ONLY",
        "LoggingConfiguration": logging,
        "ExecutionRoleArn": f"arn:aws:iam::{account}:role/{name}-execution",
        "SourceBucketArn": f"arn:aws:s3:::{name}-dags-{account}",
        "DagS3Path": "dags",
    }
    if key:
        environment["KmsKey"] = key
    return environment


def _airflow(world: DemoWorld) -> None:
    """moto has no MWAA, so the environments are answers the simulated accounts give (demo.simulated_apis):
    tenant-a's pipeline is private, logs everything and uses its own key; tenant-b's reporting scheduler
    serves its UI publicly, skips the web server logs and uses the AWS owned key."""
    apis = world.apis
    apis.answer("mwaa", "ListEnvironments", {"Environments": []})
    environments = {
        "tenant-a": _airflow_environment(
            world.org.account_id("tenant-a"),
            "claims-pipeline",
            private=True,
            key=f"arn:aws:kms:{HOME}:{world.org.account_id('tenant-a')}:key/7f0e-demo-airflow",
        ),
        "tenant-b": _airflow_environment(
            world.org.account_id("tenant-b"), "reporting-scheduler", private=False, key=None
        ),
    }
    for tenant, environment in environments.items():
        account = world.org.account_id(tenant)
        listing = {"Environments": [environment["Name"]]}
        apis.answer("mwaa", "ListEnvironments", listing, account=account, region=HOME)
        apis.answer("mwaa", "GetEnvironment", {"Environment": environment}, account=account, region=HOME)
