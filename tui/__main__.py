"""`python -m tui` runs the `gloss` command."""

from tui.cli import main

main(prog_name="gloss")
