"""`python -m gloss` runs the `gloss` command."""

from gloss.cli import main

main()
