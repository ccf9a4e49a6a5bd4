"""diplotrack: track, validate and query diplomatic visits kept as YAML records."""

__version__ = "0.1.0"
