"""Stage 1, collect: sessions, retries, the AWS error boundary, and the collectors that read each service."""
