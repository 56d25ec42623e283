"""Docker host auditing: read a host's files (or a docker-bench-security report) into a run directory."""
