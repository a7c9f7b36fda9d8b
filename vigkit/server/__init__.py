"""vigkit.server.app."""
