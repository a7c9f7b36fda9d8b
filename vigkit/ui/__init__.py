"""vigkit.ui."""
