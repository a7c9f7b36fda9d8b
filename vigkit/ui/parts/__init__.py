"""Sections a page is made of: lists, a film's parts, panels, the live session's view."""
