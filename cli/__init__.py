"""The `gloss` command: open the reader, or script the store.

One module per group of commands (documents, analysis, annotations, corrections, export,
review, config, maintenance: check, backup, restore), each with a ``COMMANDS`` tuple added to
the root group here; gloss.cli.context holds what they share, gloss.cli.output how they print.
Errors are one line on stderr (``gloss: ...``).
"""

from gloss.cli import (
    analysis,
    annotations,
    config,
    corrections,
    documents,
    export,
    maintenance,
    review,
)
from gloss.cli.root import main

for _module in (documents, analysis, annotations, corrections, export, review, config, maintenance):
    for _command in _module.COMMANDS:
        main.add_command(_command)

__all__ = ["main"]
