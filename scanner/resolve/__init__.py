"""Stage 3, resolve: results onto catalog controls, inheritance from the landing zone, attestation, phases."""
