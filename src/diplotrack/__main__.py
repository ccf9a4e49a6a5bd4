"""Allow ``python -m diplotrack``."""

from diplotrack.cli import main

main()
