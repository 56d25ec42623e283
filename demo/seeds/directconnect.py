"""Demo: the networking account's Direct Connect links: a MACsec-encrypted primary link in the home region and
a backup link without MACsec in the second region.

moto 5.2 never brings MACsec up, so the simulation sets the port's encryption status on moto's model, as AWS
would report it."""

from __future__ import annotations

from demo.world import DEMO_REGIONS, HOME, DemoWorld

NETWORKING = "networking"


def seed(world: DemoWorld) -> None:
    from moto.directconnect.enums import PortEncryptionStatusType
    from moto.directconnect.models import directconnect_backends

    account_id = world.org.account_id(NETWORKING)
    for region in DEMO_REGIONS:
        macsec = region == HOME
        connection = (
            world.sessions[NETWORKING]
            .client("directconnect", region_name=region)
            .create_connection(
                location="EqLD5",
                bandwidth="10Gbps",
                connectionName="dc-primary" if macsec else "dc-backup",
                requestMACSec=macsec,
            )
        )
        if macsec:  # the CKN/CAK is associated and the MACsec session with the customer router is up
            model = directconnect_backends[account_id][region].connections[connection["connectionId"]]
            model.port_encryption_status = PortEncryptionStatusType.UP
