"""Accounts outside the demo organization that the seeds let in (sound or not)."""

from __future__ import annotations

# A data-sync and reporting vendor: trusted by tenant roles, and allowed to filter tenant-b's Lake Formation
# data.
VENDOR_ACCOUNT = "123456789123"
# A partner: it receives tenant-a's resolver rules, invites tenant-b to its catalog share, and subscribes to
# the security account's Security Lake.
PARTNER_ACCOUNT = "210987654321"
