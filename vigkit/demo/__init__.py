"""vigkit.demo.caseload."""
