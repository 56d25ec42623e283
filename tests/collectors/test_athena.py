"""Athena workgroups with their prepared statements and tags.

moto (5.2) has no Athena ListPreparedStatements (it answers 404 "Not yet implemented"), so the dataset runs
through the ordinary Api against botocore Stubber wire answers, with the evidence recorder attached as in a
scan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors import athena
from scanner.aws.collectors.base import Api
from scanner.evidence import EvidenceStore, Recorder

REGION = "eu-west-1"


ACCOUNT = "111111111111"


[WORKGROUPS] = athena.DATASETS


def _client(tmp_path: Path) -> tuple[Any, Recorder, EvidenceStore]:
    client = boto3.client("athena", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    store = EvidenceStore(tmp_path)
    recorder = Recorder(store)
    recorder.attach(client, ACCOUNT)
    return client, recorder, store


def test_prepared_statements_and_tags_of_each_workgroup(tmp_path: Path) -> None:
    client, recorder, _ = _client(tmp_path)
    arn = f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/restricted"
    stubber = Stubber(client)
    stubber.add_response("list_work_groups", {"WorkGroups": [{"Name": "restricted", "State": "ENABLED"}]}, {})
    stubber.add_response("get_work_group", {"WorkGroup": {"Name": "restricted"}}, {"WorkGroup": "restricted"})
    stubber.add_response(
        "list_tags_for_resource",
        {"Tags": [{"Key": "controlmap:query-mode", "Value": "prepared"}]},
        {"ResourceARN": arn},
    )
    stubber.add_response(
        "list_prepared_statements",
        {"PreparedStatements": [{"StatementName": "daily_totals"}], "NextToken": "p2"},
        {"WorkGroup": "restricted"},
    )
    stubber.add_response(
        "list_prepared_statements",
        {"PreparedStatements": [{"StatementName": "by_customer"}]},
        {"WorkGroup": "restricted", "NextToken": "p2"},
    )
    with stubber:
        api = Api(WORKGROUPS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [workgroup] = list(WORKGROUPS.collect(api))
    stubber.assert_no_pending_responses()
    assert workgroup.resource_id == arn and workgroup["Tags"] == {"controlmap:query-mode": "prepared"}
    assert [s["StatementName"] for s in workgroup["PreparedStatements"]] == ["daily_totals", "by_customer"]
