"""Command-line interface: thin — parse flags, call the public API, render tables or JSON."""
