"""Where the Macie administrator (the security account) keeps its discovery results: the bucket
`macie_discovery_safeguards` creates, named by the export configuration `macie_discovery` answers."""

from __future__ import annotations

from demo.world import HOME, DemoWorld


def results_bucket(world: DemoWorld) -> str:
    return f"macie-discovery-results-{world.org.account_id('security')}"


def results_key(world: DemoWorld) -> str:
    return f"arn:aws:kms:{HOME}:{world.org.account_id('security')}:key/6c1f9e52-demo-macie-results"
