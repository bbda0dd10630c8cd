"""All SQL of the staff area, one module per topic: accounts, sessions, audit, routing (areas), triage
(reports), stats, retention and catalogue (centres, services, imports)."""
