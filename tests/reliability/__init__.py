"""Reliability and security proof: faults, bad input, access, operations and a short load soak."""
