"""vigkit.reports."""
