"""SNS: topics with their attributes (encryption), subscriptions and tags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def topic_attributes(api: Api, topic_arn: str) -> dict[str, str]:
    attributes: dict[str, str] = api.call("get_topic_attributes", TopicArn=topic_arn).get("Attributes", {})
    return attributes


def topic_subscriptions(api: Api, topic_arn: str) -> list[dict[str, Any]]:
    return api.paginate("list_subscriptions_by_topic", "Subscriptions", TopicArn=topic_arn)


def topic_tags(api: Api, topic_arn: str) -> dict[str, str]:
    tags = api.call("list_tags_for_resource", ResourceArn=topic_arn).get("Tags", [])
    return {t["Key"]: t.get("Value", "") for t in tags}


def collect_topics(api: Api) -> Iterator[Item]:
    for topic in api.paginate("list_topics", "Topics"):
        arn = topic["TopicArn"]
        builder = api.resource(arn, arn.rsplit(":", 1)[-1], topic)
        builder.aspect("Attributes", topic_attributes, api, arn)
        builder.aspect("Subscriptions", topic_subscriptions, api, arn)
        builder.aspect("Tags", topic_tags, api, arn)
        yield builder.build()


DATASETS = (
    Dataset(
        name="sns.topics",
        service="sns",
        reach=Reach.REGIONAL,
        description="SNS topics with their encryption key, subscriptions (confirmed or pending) and tags.",
        calls={
            "ListTopics": "sns:ListTopics",
            "GetTopicAttributes": "sns:GetTopicAttributes",
            "ListSubscriptionsByTopic": "sns:ListSubscriptionsByTopic",
            "ListTagsForResource": "sns:ListTagsForResource",
        },
        collect=collect_topics,
    ),
)
