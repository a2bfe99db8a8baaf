"""The `gloss` command: open the reader, or script the store.

One module per group of commands (documents, analysis, annotations, corrections, export,
review, config, maintenance: check, backup, restore), each with a ``COMMANDS`` tuple; the
root group (gloss.cli.root) imports a module when one of its commands is run or listed, so
opening the reader loads none of them. gloss.cli.context holds what they share,
gloss.cli.output how they print. Errors are one line on stderr (``gloss: ...``).
"""

from gloss.cli.root import main

# Every command and the module that defines it (a test checks this against each COMMANDS).
main.lazy = {
    **dict.fromkeys(("import", "list", "show", "search"), "documents"),
    **dict.fromkeys(("analyze", "entities", "claims", "stories"), "analysis"),
    **dict.fromkeys(("annotate", "annotations"), "annotations"),
    "correct": "corrections",
    **dict.fromkeys(("export", "import-annotations"), "export"),
    "review": "review",
    "config": "config",
    **dict.fromkeys(("check", "backup", "restore"), "maintenance"),
}

__all__ = ["main"]
