"""Tests of the Docker host audit (scan-host) and the docker-bench-security ingest."""
