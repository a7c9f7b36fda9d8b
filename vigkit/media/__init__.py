"""vigkit.media.films."""
