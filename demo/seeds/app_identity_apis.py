"""Demo: application sign-in, functions and APIs.

User pools: tenant-a's member pool is protected from deletion, verifies email and recovers through it, and
its web client signs in with SRP. tenant-b's claims portal is mid-migration: the migration trigger is still
wired, a migration client sends passwords, nothing is auto-verified and deletion protection is off.
shared-services' workforce pool verifies email but has no recovery setting, and a legacy back-office client
still uses ADMIN_NO_SRP_AUTH.

Functions: tenant-a's claims API reads its database password from Secrets Manager by ARN and encrypts its
variables with its own KMS key; tenant-b's claims worker keeps the database password in a variable under
the AWS managed key (as does the migration function); shared-services' nightly report has no variables.

APIs: tenant-a's REST claims API authorizes every method (Cognito or IAM), with a CORS preflight and a
health check tagged public; its partner webhook HTTP API uses IAM with a tagged public ping. The security
account's quarantine-release REST API (the Macie remediation pattern) relies on an API key alone, and
tenant-b's orders HTTP API leaves its status route open without designating it public.

Verified Permissions (moto has none: the answers are simulated): tenant-a's claims policy store validates
strictly, is protected from deletion and holds scoped and template-linked policies; tenant-b's store has
validation OFF and a leftover permit-all policy from testing. Other accounts have no policy stores.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

from checks.apigateway_authorization import PUBLIC_ROUTES_TAG
from demo.seeds.identity_apps import STRONG_PASSWORD_POLICY
from demo.world import HOME, DemoWorld

SRP_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
EMAIL_RECOVERY = {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]}
SMS_RECOVERY = {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_phone_number"}]}
MIGRATION_FUNCTION = "claims-user-migration"
MEMBERS_POOL = "tenant-a-members"
LAMBDA_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def seed(world: DemoWorld) -> None:
    _user_pools(world)
    _functions(world)
    _rest_apis(world)
    _http_apis(world)
    _policy_stores(world)


def _user_pool(
    world: DemoWorld, account: str, name: str, clients: dict[str, list[str]], **settings: Any
) -> None:
    client = world.sessions[account].client("cognito-idp", region_name=HOME)
    pool_id = client.create_user_pool(
        PoolName=name,
        MfaConfiguration="ON",
        Policies={"PasswordPolicy": STRONG_PASSWORD_POLICY},
        UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"},
        **settings,
    )["UserPool"]["Id"]
    client.set_user_pool_mfa_config(
        UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON"
    )
    for client_name, flows in clients.items():
        client.create_user_pool_client(UserPoolId=pool_id, ClientName=client_name, ExplicitAuthFlows=flows)


def _user_pools(world: DemoWorld) -> None:
    _user_pool(
        world,
        "tenant-a",
        MEMBERS_POOL,
        {"members-web": SRP_FLOWS},
        DeletionProtection="ACTIVE",
        AutoVerifiedAttributes=["email"],
        AccountRecoverySetting=EMAIL_RECOVERY,
    )
    migration_trigger = (
        f"arn:aws:lambda:{HOME}:{world.org.account_id('tenant-b')}:function:{MIGRATION_FUNCTION}"
    )
    _user_pool(
        world,
        "tenant-b",
        "tenant-b-claims-portal",
        {"claims-web": SRP_FLOWS, "claims-migration": [*SRP_FLOWS, "ALLOW_USER_PASSWORD_AUTH"]},
        DeletionProtection="INACTIVE",
        AutoVerifiedAttributes=[],
        AccountRecoverySetting=SMS_RECOVERY,
        LambdaConfig={"UserMigration": migration_trigger},
    )
    _user_pool(
        world,
        "shared-services",
        "shared-services-workforce",
        {"back-office": ["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY"]},
        DeletionProtection="ACTIVE",
        AutoVerifiedAttributes=["email"],
    )


def _handler_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def _function(world: DemoWorld, account: str, name: str, variables: dict[str, str], **settings: Any) -> None:
    session = world.sessions[account]
    role = session.client("iam").create_role(
        RoleName=f"{name}-execution", AssumeRolePolicyDocument=LAMBDA_TRUST
    )["Role"]["Arn"]
    session.client("lambda", region_name=HOME).create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": _handler_zip()},
        **({"Environment": {"Variables": variables}} if variables else {}),
        **settings,
    )


def _functions(world: DemoWorld) -> None:
    tenant_a = world.org.account_id("tenant-a")
    key = (
        world.sessions["tenant-a"]
        .client("kms", region_name=HOME)
        .create_key(Description="tenant-a claims API environment")["KeyMetadata"]["Arn"]
    )
    secret = f"arn:aws:secretsmanager:{HOME}:{tenant_a}:secret:claims/db-password-Xy12Ab"
    _function(
        world,
        "tenant-a",
        "tenant-a-claims-api",
        {"DB_PASSWORD_SECRET_ARN": secret, "TABLE_NAME": "claims"},
        KMSKeyArn=key,
    )
    _function(
        world,
        "tenant-b",
        "tenant-b-claims-worker",
        {"DB_HOST": "claims-db.tenant-b.internal", "DB_PASSWORD": "demo-only-not-a-secret"},
    )
    _function(
        world, "tenant-b", MIGRATION_FUNCTION, {"LEGACY_DIRECTORY_URL": "ldaps://directory.tenant-b.internal"}
    )
    _function(world, "shared-services", "shared-services-nightly-report", {})


def _rest_method(apigateway: Any, api_id: str, resource_id: str, verb: str, **settings: Any) -> None:
    apigateway.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=verb, **settings)
    integration = "MOCK" if verb == "OPTIONS" else "HTTP_PROXY"
    extra = (
        {} if integration == "MOCK" else {"integrationHttpMethod": verb, "uri": "https://backend.example.com"}
    )
    apigateway.put_integration(
        restApiId=api_id, resourceId=resource_id, httpMethod=verb, type=integration, **extra
    )


def _rest_apis(world: DemoWorld) -> None:
    tenant_a = world.sessions["tenant-a"].client("apigateway", region_name=HOME)
    pools = world.sessions["tenant-a"].client("cognito-idp", region_name=HOME).list_user_pools(MaxResults=60)
    [members_pool] = [p["Id"] for p in pools["UserPools"] if p["Name"] == MEMBERS_POOL]
    claims_api = tenant_a.create_rest_api(name="tenant-a-claims-api", tags={PUBLIC_ROUTES_TAG: "GET:/health"})
    api_id = claims_api["id"]
    root = tenant_a.get_resources(restApiId=api_id)["items"][0]["id"]
    claims = tenant_a.create_resource(restApiId=api_id, parentId=root, pathPart="claims")["id"]
    health = tenant_a.create_resource(restApiId=api_id, parentId=root, pathPart="health")["id"]
    authorizer = tenant_a.create_authorizer(
        restApiId=api_id,
        name="members",
        type="COGNITO_USER_POOLS",
        providerARNs=[
            f"arn:aws:cognito-idp:{HOME}:{world.org.account_id('tenant-a')}:userpool/{members_pool}"
        ],
        identitySource="method.request.header.Authorization",
    )["id"]
    _rest_method(
        tenant_a, api_id, claims, "GET", authorizationType="COGNITO_USER_POOLS", authorizerId=authorizer
    )
    _rest_method(tenant_a, api_id, claims, "POST", authorizationType="AWS_IAM")
    _rest_method(tenant_a, api_id, claims, "OPTIONS", authorizationType="NONE")
    _rest_method(tenant_a, api_id, health, "GET", authorizationType="NONE")
    tenant_a.create_deployment(restApiId=api_id, stageName="prod")

    security = world.sessions["security"].client("apigateway", region_name=HOME)
    api_id = security.create_rest_api(name="security-quarantine-release")["id"]
    root = security.get_resources(restApiId=api_id)["items"][0]["id"]
    release = security.create_resource(restApiId=api_id, parentId=root, pathPart="release")["id"]
    _rest_method(security, api_id, release, "POST", authorizationType="NONE", apiKeyRequired=True)
    security.create_deployment(restApiId=api_id, stageName="prod")


def _http_apis(world: DemoWorld) -> None:
    tenant_a = world.sessions["tenant-a"].client("apigatewayv2", region_name=HOME)
    api_id = tenant_a.create_api(
        Name="tenant-a-partner-webhooks", ProtocolType="HTTP", Tags={PUBLIC_ROUTES_TAG: "GET:/ping"}
    )["ApiId"]
    tenant_a.create_route(ApiId=api_id, RouteKey="POST /webhooks", AuthorizationType="AWS_IAM")
    tenant_a.create_route(ApiId=api_id, RouteKey="GET /ping", AuthorizationType="NONE")

    tenant_b = world.sessions["tenant-b"].client("apigatewayv2", region_name=HOME)
    api_id = tenant_b.create_api(Name="tenant-b-orders", ProtocolType="HTTP")["ApiId"]
    authorizer = tenant_b.create_authorizer(
        ApiId=api_id,
        Name="partners",
        AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": ["orders"], "Issuer": "https://issuer.example.com"},
    )["AuthorizerId"]
    tenant_b.create_route(
        ApiId=api_id, RouteKey="GET /orders", AuthorizationType="JWT", AuthorizerId=authorizer
    )
    tenant_b.create_route(ApiId=api_id, RouteKey="GET /status", AuthorizationType="NONE")


SCOPED_POLICY = 'permit (principal in Group::"adjusters", action == Action::"ViewClaim", resource);'
PERMIT_ALL_POLICY = '@id("smoke-test")\npermit (principal, action, resource);'


def _policy_store(
    account_id: str, name: str, mode: str, protection: str, statements: dict[str, str | None]
) -> dict[str, Any]:
    """A simulated policy store: its GetPolicyStore answer and its policies (None: template-linked)."""
    created = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    store_id = f"PS{name.upper().replace('-', '')[:20]}"
    common = {"policyStoreId": store_id, "createdDate": created, "lastUpdatedDate": created}
    policies = {
        policy_id: {
            **common,
            "policyId": policy_id,
            "policyType": "STATIC" if statement else "TEMPLATE_LINKED",
            "definition": (
                {"static": {"statement": statement}}
                if statement
                else {"templateLinked": {"policyTemplateId": "claim-owner"}}
            ),
        }
        for policy_id, statement in statements.items()
    }
    return {
        "store": {
            **common,
            "arn": f"arn:aws:verifiedpermissions::{account_id}:policy-store/{store_id}",
            "description": name,
            "validationSettings": {"mode": mode},
            "deletionProtection": protection,
        },
        "policies": policies,
    }


def _policy_stores(world: DemoWorld) -> None:
    stores = {
        "tenant-a": _policy_store(
            world.org.account_id("tenant-a"),
            "tenant-a-claims-entitlements",
            "STRICT",
            "ENABLED",
            {"adjusters-view": SCOPED_POLICY, "owner-link-1": None},
        ),
        "tenant-b": _policy_store(
            world.org.account_id("tenant-b"),
            "tenant-b-orders-entitlements",
            "OFF",
            "DISABLED",
            {"orders-view": SCOPED_POLICY, "smoke-test": PERMIT_ALL_POLICY},
        ),
    }
    world.apis.answer("verifiedpermissions", "ListPolicyStores", {"policyStores": []})
    for account, simulated in stores.items():
        _answer_policy_store(world, world.org.account_id(account), simulated)


def _answer_policy_store(world: DemoWorld, account_id: str, simulated: dict[str, Any]) -> None:
    store, policies = simulated["store"], simulated["policies"]
    listed = {k: store[k] for k in ("policyStoreId", "arn", "createdDate", "description")}

    def get_policy(params: Mapping[str, Any]) -> dict[str, Any]:
        return dict(policies[params["policyId"]])

    def list_policies(_: Mapping[str, Any]) -> dict[str, Any]:
        summaries = []
        for policy in policies.values():
            definition = policy["definition"]
            summary_definition = (
                {"static": {"description": policy["policyId"]}} if "static" in definition else definition
            )
            summaries.append({**policy, "definition": summary_definition})
        return {"policies": summaries}

    for operation, answer in (
        ("ListPolicyStores", {"policyStores": [listed]}),
        ("GetPolicyStore", store),
        ("ListPolicies", list_policies),
        ("GetPolicy", get_policy),
    ):
        world.apis.answer("verifiedpermissions", operation, answer, account=account_id, region=HOME)
