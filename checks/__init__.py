"""Pure check functions over the inventory, one module per AWS service. They never import boto3."""
