"""The evidence pack's integrity: manifest signing with a local key or AWS KMS."""
