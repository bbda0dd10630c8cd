"""Set-up tooling run from a checkout (database provisioning); not part of the running app."""
