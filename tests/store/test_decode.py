"""store.decode: binary sniffing, the decoding chain, normalisation."""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import sqlite3
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gloss.store.decode import Decoded, RejectedFile, decode_bytes, normalise, sniff_binary

REPO = Path(__file__).resolve().parents[2]
ARTICLE = (
    "Oil giant BP said on Tuesday that profits rose sharply.\n\n"
    "The firm said “record” prices helped – and that it’s confident about next year.\n"
)


def reject_reason(data: bytes) -> str:
    with pytest.raises(RejectedFile) as caught:
        decode_bytes(data)
    return str(caught.value)


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8 (BOM)"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le (BOM)"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be (BOM)"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le (BOM)"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be (BOM)"),
    ],
)
def test_bom_decides_the_encoding_and_is_removed(bom: bytes, codec: str, label: str) -> None:
    data = bom + ARTICLE.encode(codec)
    decoded = decode_bytes(data)
    assert decoded == Decoded(ARTICLE, label)
    if codec != "utf-8":
        assert b"\x00" in data  # NUL bytes everywhere, and still text


def test_utf16_without_bom_is_recognised() -> None:
    decoded = decode_bytes(ARTICLE.encode("utf-16-le"))
    assert decoded.text == ARTICLE


def test_strict_utf8() -> None:
    assert decode_bytes(ARTICLE.encode("utf-8")) == Decoded(ARTICLE, "utf-8")


def test_cp1252_smart_quotes() -> None:
    data = b"He said \x93no\x94 \x96 it\x92s over \x85 for now.\n"
    decoded = decode_bytes(data)
    assert decoded.encoding == "cp1252"
    assert decoded.text == "He said “no” – it’s over … for now.\n"


def test_latin1_text() -> None:
    text = "Le président a déclaré que la crise économique était terminée. Größe, Straße.\n"
    assert decode_bytes(text.encode("latin-1")).text == text


@pytest.mark.parametrize("codec", ["koi8-r", "cp1251", "iso-8859-5"])
def test_cyrillic_single_byte_goes_to_the_detector(codec: str) -> None:
    text = (
        "В Москве прошла встреча президента с представителями бизнеса. Обсуждались вопросы "
        "экономики, налогов и развития регионов.\nУчастники встречи отметили, что ситуация "
        "в экономике остаётся сложной, но есть признаки улучшения.\n"
    )
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding != "cp1252"


def test_shift_jis_goes_to_the_detector() -> None:
    text = "これは日本語のテキストです。文字コードの検出をテストします。\n"
    decoded = decode_bytes(text.encode("shift_jis"))
    assert decoded.text == text


def test_newlines_are_normalised() -> None:
    assert decode_bytes(b"one\r\ntwo\rthree\n\r\nfour").text == "one\ntwo\nthree\n\nfour"


def test_nfd_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Café Zoë résumé")
    assert nfd != "Café Zoë résumé"
    assert decode_bytes(nfd.encode("utf-8")).text == "Café Zoë résumé"


def test_stray_nul_bytes_are_dropped() -> None:
    data = ARTICLE.encode("utf-8") * 3
    data = data[:40] + b"\x00" + data[40:]
    text = decode_bytes(data).text
    assert "\x00" not in text
    assert text == ARTICLE * 3


def _sqlite_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "x.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    return path.read_bytes()


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", ARTICLE)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda _: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "PNG"),
        (lambda _: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 40, "JPEG"),
        (lambda _: b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20, "GIF"),
        (lambda _: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
        (lambda _: gzip.compress(ARTICLE.encode()), "gzip"),
        (lambda _: _zip_bytes(), "zip"),
        (lambda _: bz2.compress(ARTICLE.encode()), "bzip2"),
        (lambda _: lzma.compress(ARTICLE.encode()), "xz"),
        (lambda _: b"\x7fELF\x02\x01\x01" + b"\x00" * 50, "ELF"),
        (_sqlite_bytes, "SQLite"),
    ],
)
def test_binary_signatures_are_rejected(make, kind: str, tmp_path: Path) -> None:
    data = make(tmp_path)
    assert kind in (sniff_binary(data) or "")
    assert reject_reason(data) == f"binary file ({sniff_binary(data)})"


def test_control_heavy_bytes_without_signature_are_rejected() -> None:
    data = bytes(range(256)) * 20
    assert sniff_binary(data) is None
    assert reject_reason(data).startswith("binary file (too many")


@pytest.mark.parametrize(
    "opening",
    [
        # file(1) calls these BBC articles "HP Graphics Language", "SBC archive", "MAR archive".
        "BP surges ahead on high oil price\n\nOil giant BP",
        "SBC plans post-takeover job cuts\n\nUS phone company",
        "Go-ahead for Balkan oil pipeline\n\nAlbania, Bulgaria",
        "BZh is not a bzip2 header when the block magic is missing\n\nText.",
        "ID3 tags are metadata in MP3 files\n\nText.",
    ],
)
def test_texts_that_file1_misdetects_are_accepted(opening: str) -> None:
    body = opening + " said on Tuesday that things went well.\n"
    assert decode_bytes(body.encode("ascii")).text == body


def test_empty_and_whitespace_only_are_rejected() -> None:
    assert reject_reason(b"") == "empty file"
    assert reject_reason(codecs.BOM_UTF8) == "empty file"
    assert reject_reason(b" \n\t\r\n  \xc2\xa0\n") == "only whitespace"
    assert reject_reason(codecs.BOM_UTF16_LE + " \n \n".encode("utf-16-le")) == "only whitespace"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ae\u0301\r\n\x00 Zoë\u0308c\u0327"), max_size=60))
def test_normalise_output_is_clean_and_stable(text: str) -> None:
    once = normalise(text)
    assert "\r" not in once and "\x00" not in once
    assert unicodedata.is_normalized("NFC", once)
    assert normalise(once) == once
    assert once.count("\n") == text.replace("\r\n", "\n").count("\n") + text.replace(
        "\r\n", ""
    ).count("\r")


def test_seeds_decode_to_their_exact_bytes() -> None:
    """Gold offsets index the raw files: decoding must not move a single character."""
    for path in sorted((REPO / "seeds").glob("*.txt")):
        raw = path.read_bytes()
        assert decode_bytes(raw).text == raw.decode("utf-8"), path.name


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_reject_cleanly(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except RejectedFile as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert decoded.text.strip()
        assert "\r" not in decoded.text and "\x00" not in decoded.text
        assert unicodedata.is_normalized("NFC", decoded.text)


def test_mostly_utf8_with_a_few_invalid_bytes_stays_utf8() -> None:
    """Issue 14, item 11: a few invalid bytes (a stray cp1252 byte, an escaped surrogate)
    must not turn every valid “ ” into ‚Äú ‚Äù: only the invalid bytes are replaced."""
    stray = ARTICLE.encode("utf-8").replace(b"helped", b"helped \x96 and \xff")
    surrogate = ARTICLE.encode("utf-8") + b"A surrogate: " + b"\xed\xa0\x80.\n"
    for data, invalid in ((stray, 2), (surrogate, 3)):
        decoded = decode_bytes(data)
        assert "“record”" in decoded.text and "it’s" in decoded.text
        assert "â€" not in decoded.text and "Ã" not in decoded.text
        assert decoded.text.count("\ufffd") == invalid == decoded.replaced
        assert decoded.encoding == "utf-8 (invalid bytes replaced)"


def test_a_single_byte_code_page_still_explains_a_whole_file() -> None:
    data = ARTICLE.encode("cp1252")  # no valid multi-byte UTF-8 at all
    decoded = decode_bytes(data)
    assert decoded.text == ARTICLE and decoded.encoding == "cp1252" and decoded.replaced == 0


def test_mojibake_is_repaired_and_real_text_is_not() -> None:
    """13 PolNeAR articles carry UTF-8 once read as cp1252 ("GuantÃ¡namo"); "Enrique PeÃ±a
    Nieto" became an entity so (a new-user test). Text that only looks alike stays."""
    broken = "Enrique PeÃ±a Nieto said â€œyesâ€\x9d at GuantÃ¡namo.".encode()
    assert decode_bytes(broken).text == "Enrique Peña Nieto said “yes” at Guantánamo."
    for fine in ("SÃO PAULO — Brazil", "“Plain” quotes, â la carte", "Ça va, Âge d'or"):
        assert decode_bytes(fine.encode()).text == fine


def test_numeric_character_references_in_plain_text_are_the_characters() -> None:
    """A new-user test read "&#163;1.8m indecency fine for Viacom" as a BBC title (12 BBC
    files hold such references). A reference to a control character stays as written (no
    escape sequence reaches the terminal), nor one to "&", and decoding again changes
    nothing ("&#6&#53;;")."""
    assert normalise("&#163;1.8m fine; caf&#233; &#xE9;") == "£1.8m fine; café é"
    assert normalise("bell &#7; escape &#27;[31m nul &#0;") == "bell &#7; escape &#27;[31m nul &#0;"
    assert normalise("&#38;#163;") == "&#38;#163;"
    assert normalise("&#6&#53;;") == "A" == normalise(normalise("&#6&#53;;"))
    assert normalise("AT&amp;T &lt;b&gt;") == "AT&amp;T &lt;b&gt;"  # named ones may be meant


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("&#;x0123456789aE"), max_size=40))
def test_decoding_references_is_stable(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
