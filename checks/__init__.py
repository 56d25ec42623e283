"""Pure check functions over the inventory, filed by AWS service: each module is `<service>.py` or
`<service>_<topic>.py` and holds checks of that service only; helpers several services share live in `_lib/`.
They never import boto3."""
