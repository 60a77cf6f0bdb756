"""`python -m newssearch` runs the CLI."""

from .cli import main

main()
