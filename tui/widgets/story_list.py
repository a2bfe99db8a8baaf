"""The corpus screen's story list: one multi-line option per story (size, date span, outlets,
shared names, titles), filtered as you type. A corpus has hundreds of stories, not tens of
thousands, so an OptionList (Line API) holds them all."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from gloss.store.wording import counted
from gloss.tui.safe import clean

MAX_TITLES = 6


def _one_line(text: str | None) -> str:
    return " ".join(clean(text or "").split())


def date_span(documents: list[dict[str, Any]]) -> str:
    """ "2023-10-13", "2023-10-13 – 2023-10-16" or "undated" from the documents' dates."""
    dates = sorted(d["date"] for d in documents if d.get("date"))
    if not dates:
        return "undated"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"


def outlets(documents: list[dict[str, Any]]) -> list[str]:
    """The story's outlets, each once, in document order."""
    return list(dict.fromkeys(_one_line(d["outlet"]) for d in documents if d.get("outlet")))


def story_prompt(story: dict[str, Any]) -> Text:
    """A story as lines of plain text with styles by span (titles are never markup); the
    list cuts each line to its width with an ellipsis (``text-wrap: nowrap``), so a line
    never wraps under the next one's indent."""
    docs = story["documents"]
    text = Text(end="")
    # The id first: at the end a narrow terminal cut it off, and `story:s12` needs it.
    text.append(f"{story['story']} ", "reverse")
    text.append(" ")
    text.append(counted(len(docs), "document"), "bold")
    text.append(f" · {date_span(docs)}", "dim")
    names = outlets(docs)
    if names:
        text.append(" · ")
        text.append(", ".join(names), "italic")
    if story.get("entities"):
        text.append("\n  ")
        text.append("; ".join(_one_line(e) for e in story["entities"]), "bold")
    for doc in docs[:MAX_TITLES]:
        text.append("\n  · ")
        text.append(_one_line(doc["title"]) or "(untitled)")
        if doc.get("outlet"):
            text.append(f" ({_one_line(doc['outlet'])})", "dim")
    if len(docs) > MAX_TITLES:
        text.append(f"\n  … and {len(docs) - MAX_TITLES} more", "dim")
    return text


def _haystack(story: dict[str, Any]) -> str:
    parts = [story["story"], *story.get("entities", [])]
    for doc in story["documents"]:
        parts.extend((doc.get("title") or "", doc.get("outlet") or ""))
    return "\n".join(parts).casefold()


class StoryList(OptionList):
    """Stories, most documents first; enter shows one story's documents in the library."""

    DEFAULT_CSS = """
    StoryList { height: 1fr; background: $surface; border: none; text-wrap: nowrap;
        text-overflow: ellipsis; }
    StoryList > .option-list--option { padding: 0 1; }
    """

    class Chosen(Message):
        """Enter (or a click) on the story `story` ("s12")."""

        def __init__(self, story: str) -> None:
            super().__init__()
            self.story = story

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.all_stories: list[dict[str, Any]] = []
        self.shown: list[dict[str, Any]] = []
        self._haystacks: list[str] = []
        self._needle: str | None = None

    def set_stories(self, stories: list[dict[str, Any]]) -> None:
        """Show these stories (as ``store.analysis.list_stories`` returns them)."""
        self.all_stories = stories
        self._haystacks = [_haystack(s) for s in stories]
        self._needle = None
        self.set_filter("")

    def set_filter(self, text: str) -> None:
        """Keep the stories whose id, titles, outlets or shared names contain `text`."""
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        self._needle = needle
        self.shown = [
            s for s, hay in zip(self.all_stories, self._haystacks, strict=True) if needle in hay
        ]
        self._build()

    def _build(self) -> None:
        self.clear_options()
        options: list[Option | None] = []
        for story in self.shown:
            if options:
                options.append(None)
            options.append(Option(story_prompt(story), id=story["story"]))
        self.add_options(options)
        if self.shown:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn the chosen option into a Chosen message."""
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
