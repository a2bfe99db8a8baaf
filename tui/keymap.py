"""Key binding overrides from the settings file's ``[keymap]`` table.

Every gloss binding has an id (``library.sort``, ``reader.next_claim``...); Textual's keymap
support (``App.set_keymap``) replaces the keys of the bindings named there, in every screen,
the footer included. Ids that no binding has are reported, so a typo does not fail silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode


def _tui_classes() -> set[type[DOMNode]]:
    """Every screen and widget class gloss defines (imported by now)."""
    found: set[type[DOMNode]] = set()
    stack: list[type[DOMNode]] = [DOMNode]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                stack.append(sub)
    return {cls for cls in found if cls.__module__.startswith(("gloss.tui", "tui."))}


def binding_ids() -> dict[str, Binding]:
    """Every binding with an id in gloss's screens and widgets (and what they inherit), by id."""
    from gloss.tui.app import binding_sections

    # The screens and dialogs are imported when first shown; `gloss config` in a new process
    # had only the library's, so "reader.next_claim" was "no such key binding".
    binding_sections()
    found: dict[str, Binding] = {}
    for cls in _tui_classes():
        for klass in cls.__mro__:
            for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", [])):
                if binding.id:
                    found.setdefault(binding.id, binding)
    return found


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """The ids in ``keymap`` that no binding has, sorted."""
    known = binding_ids()
    return sorted(binding_id for binding_id in keymap if binding_id not in known)


def with_keymap(bindings: list[Binding], keymap: Mapping[str, str]) -> list[Binding]:
    """``bindings`` with the keys the keymap gives their ids (what help should show)."""
    return [
        replace(binding, key=keymap[binding.id]) if binding.id in keymap else binding
        for binding in bindings
    ]
