"""vigkit.core."""
