"""vigkit.i18n."""
