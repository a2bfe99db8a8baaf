"""Annotations in the store: create/edit/delete, tags, undo/redo across restarts, re-import."""

from __future__ import annotations

import pytest

from gloss.store import GlossError, NotFoundError, open_store
from gloss.store.annotations import (
    MAX_TAG_LENGTH,
    create_annotation,
    delete_annotation,
    find_quote,
    get_annotation,
    list_annotations,
    list_tags,
    pin_tag,
    redo,
    set_tag_color,
    undo,
    update_annotation,
)
from gloss.store.documents import DocumentMeta, save_document

TEXT = (
    "White House spokesman John Kirby said on Friday that North Korea had delivered "
    "more than 1,000 containers of military equipment to Russia. Kirby said it was troubling."
)


@pytest.fixture
def doc(store) -> int:
    with store.write() as conn:
        return save_document(conn, TEXT, "kirby.txt", DocumentMeta(title="Kirby"))[1]


def span_of(text: str, quote: str) -> tuple[int, int]:
    return find_quote(text, quote)


def test_create_span_annotation_stores_quote_selector(store, doc):
    start, end = span_of(TEXT, "John Kirby")
    ann = create_annotation(
        store, doc, start, end, tags=["person", "source"], note="**who**", author="ana"
    )
    stored = get_annotation(store, ann.id)
    assert stored == ann
    assert (stored.start, stored.end, stored.quote) == (start, end, "John Kirby")
    assert stored.prefix == TEXT[max(0, start - 32) : start]
    assert stored.suffix == TEXT[end : end + 32]
    assert stored.tags == ("person", "source")
    assert stored.author == "ana" and not stored.orphan
    assert stored.text_sha256 == store.scalar("SELECT sha256 FROM documents WHERE id = ?", (doc,))
    assert len(ann.id) == 36  # a UUID


def test_document_level_annotation(store, doc):
    ann = create_annotation(store, doc, tags=["to-check"], note="whole article")
    assert (ann.start, ann.end, ann.quote) == (None, None, "")
    assert list_annotations(store, doc)[0].id == ann.id


def test_annotations_listed_in_text_order(store, doc):
    later = create_annotation(store, doc, *span_of(TEXT, "Russia"), tags=["place"])
    earlier = create_annotation(store, doc, *span_of(TEXT, "Friday"), tags=["date"])
    whole = create_annotation(store, doc, note="doc note")
    assert [a.id for a in list_annotations(store, doc)] == [whole.id, earlier.id, later.id]


@pytest.mark.parametrize(
    "tag",
    ["needs source", "a, b, c", "🔥 hot", "x" * 200, "[bold]not markup[/]", "ünïcödé"],
)
def test_unusual_tags_round_trip(store, doc, tag):
    ann = create_annotation(store, doc, *span_of(TEXT, "Kirby"), tags=[tag])
    assert get_annotation(store, ann.id).tags == (tag,)
    assert tag in {t["name"] for t in list_tags(store)}


@pytest.mark.parametrize("tag", ["", "   ", "bad\ntag", "esc\x1b[31m", "y" * (MAX_TAG_LENGTH + 1)])
def test_bad_tags_are_refused_with_a_message(store, doc, tag):
    with pytest.raises(GlossError):
        create_annotation(store, doc, *span_of(TEXT, "Kirby"), tags=[tag])
    assert list_annotations(store, doc) == []


def test_bad_spans_are_refused(store, doc):
    for start, end in [(-1, 3), (5, 5), (10, 4), (0, len(TEXT) + 1)]:
        with pytest.raises(GlossError):
            create_annotation(store, doc, start, end)
    with pytest.raises(NotFoundError):
        create_annotation(store, 999, 0, 3)


def test_one_megabyte_note(store, doc):
    note = ("A long note with *markdown* and emoji 🎉.\n" * 25000)[: 1024 * 1024]
    ann = create_annotation(store, doc, *span_of(TEXT, "Kirby"), note=note)
    assert get_annotation(store, ann.id).note == note


def test_edit_tags_and_note(store, doc):
    ann = create_annotation(store, doc, *span_of(TEXT, "Kirby"), tags=["a"])
    changed = update_annotation(store, ann.id, add_tags=["b"], note="now with a note")
    assert changed.tags == ("a", "b") and changed.note == "now with a note"
    changed = update_annotation(store, ann.id, remove_tags=["a"])
    assert get_annotation(store, ann.id).tags == ("b",)
    assert changed.created == ann.created


def test_undo_redo_create_edit_delete(store, doc):
    ann = create_annotation(store, doc, *span_of(TEXT, "Kirby"), tags=["a"])
    update_annotation(store, ann.id, note="first note")
    update_annotation(store, ann.id, add_tags=["b"])
    delete_annotation(store, ann.id)
    assert list_annotations(store, doc) == []

    assert undo(store, doc) == ann.id  # the delete
    assert get_annotation(store, ann.id).tags == ("a", "b")
    assert undo(store, doc) == ann.id  # the tag
    assert get_annotation(store, ann.id).tags == ("a",)
    assert undo(store, doc) == ann.id  # the note
    assert get_annotation(store, ann.id).note == ""
    assert undo(store, doc) == ann.id  # the create
    assert list_annotations(store, doc) == []
    assert undo(store, doc) is None

    assert redo(store, doc) == ann.id
    assert get_annotation(store, ann.id).tags == ("a",)
    assert redo(store, doc) == ann.id
    assert get_annotation(store, ann.id).note == "first note"


def test_new_change_after_undo_drops_redo(store, doc):
    ann = create_annotation(store, doc, *span_of(TEXT, "Kirby"))
    update_annotation(store, ann.id, note="x")
    undo(store, doc)
    update_annotation(store, ann.id, note="y")
    assert redo(store, doc) is None
    assert get_annotation(store, ann.id).note == "y"


def test_undo_survives_a_restart(tmp_path):
    path = tmp_path / "g.db"
    first = open_store(path)
    with first.write() as conn:
        doc = save_document(conn, TEXT, "k.txt", DocumentMeta())[1]
    ann = create_annotation(first, doc, *span_of(TEXT, "Kirby"), tags=["t"])
    delete_annotation(first, ann.id)
    first.close()
    second = open_store(path)
    assert undo(second, doc) == ann.id
    assert get_annotation(second, ann.id).tags == ("t",)
    second.close()


def test_undo_is_per_document(store, doc):
    with store.write() as conn:
        other = save_document(conn, "Another text about Kirby.", "o.txt", DocumentMeta())[1]
    a = create_annotation(store, doc, *span_of(TEXT, "Kirby"))
    create_annotation(store, other, 19, 24)
    assert undo(store, doc) == a.id
    assert len(list_annotations(store, other)) == 1


def reimport(store, text: str) -> None:
    with store.write() as conn:
        outcome, _ = save_document(conn, text, "kirby.txt", DocumentMeta(title="Kirby"))
    assert outcome == "updated"


def test_reimport_moves_annotations_with_their_text(store, doc):
    ann = create_annotation(store, doc, *span_of(TEXT, "1,000 containers"), tags=["number"])
    reimport(store, "UPDATED: " + TEXT.replace("on Friday", "late on Friday"))
    moved = get_annotation(store, ann.id)
    text = store.scalar("SELECT text FROM documents WHERE id = ?", (doc,))
    assert text[moved.start : moved.end] == "1,000 containers"
    assert not moved.orphan and moved.tags == ("number",)


def test_reimport_with_small_edit_inside_reanchors_to_the_edited_span(store, doc):
    ann = create_annotation(store, doc, *span_of(TEXT, "more than 1,000 containers"))
    reimport(store, TEXT.replace("more than 1,000 containers", "more than 1,100 containers"))
    moved = get_annotation(store, ann.id)
    text = store.scalar("SELECT text FROM documents WHERE id = ?", (doc,))
    assert text[moved.start : moved.end] == "more than 1,100 containers"


def test_reimport_that_removes_the_text_orphans_the_annotation(store, doc):
    ann = create_annotation(store, doc, *span_of(TEXT, "more than 1,000 containers"))
    reimport(store, "A completely different article about the weather in Oslo today.")
    lost = get_annotation(store, ann.id)
    assert lost.orphan
    assert lost.quote == "more than 1,000 containers"  # kept, listed, never moved elsewhere


def test_pin_tag_to_a_key_moves_the_key_and_unpins(store, doc):
    create_annotation(store, doc, tags=["check"])
    pin_tag(store, "check", "1")
    pin_tag(store, "new tag 🔥", "2")  # created on the fly
    pins = {t["name"]: t["pin_key"] for t in list_tags(store)}
    assert pins == {"check": "1", "new tag 🔥": "2"}
    pin_tag(store, "new tag 🔥", "1")  # takes key 1 from "check"
    pins = {t["name"]: t["pin_key"] for t in list_tags(store)}
    assert pins == {"check": None, "new tag 🔥": "1"}
    pin_tag(store, "new tag 🔥", None)
    assert all(t["pin_key"] is None for t in list_tags(store))


@pytest.mark.parametrize("key", ["0", "a", "10", ""])
def test_pin_tag_refuses_other_keys(store, key):
    with pytest.raises(GlossError):
        pin_tag(store, "x", key)
    assert list_tags(store) == []


def test_set_tag_color(store):
    set_tag_color(store, "urgent", "#FF0000")
    set_tag_color(store, "calm", "green")
    colors = {t["name"]: t["color"] for t in list_tags(store)}
    assert colors == {"urgent": "#ff0000", "calm": "green"}
    set_tag_color(store, "calm", None)
    assert {t["name"]: t["color"] for t in list_tags(store)}["calm"] is None
    for bad in ("[red]", "#12", "red; x"):
        with pytest.raises(GlossError):
            set_tag_color(store, "urgent", bad)
    assert {t["name"]: t["color"] for t in list_tags(store)}["urgent"] == "#ff0000"
