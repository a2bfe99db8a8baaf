"""Bytes to text for import: binary sniffing, the decoding chain and normalisation.

The chain, in order (the first that applies wins):

1. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (the BOM is authoritative);
2. strict UTF-8;
3. UTF-8 with the invalid bytes replaced by U+FFFD, when the file is mostly UTF-8: it holds
   at least as many valid multi-byte UTF-8 characters as invalid bytes (a few stray bytes in
   a UTF-8 file must not turn every valid “ ” into ‚Äú ‚Äù); ``Decoded.replaced`` counts them;
4. cp1252, only when every byte is defined in it and the result looks like Western text
   (mostly ASCII letters), since cp1252 maps nearly every byte and would otherwise turn
   Cyrillic or Greek single-byte text into mojibake;
5. charset-normalizer's best guess;
6. UTF-8 with replacement characters, so decoding never fails.

A single-byte code page is only chosen for a file with no (or hardly any) valid multi-byte
UTF-8 in it, which such a page explains as a whole.

Binary files are refused before decoding: first by real file signatures (PNG, JPEG, PDF,
archives, executables, SQLite...), then by the share of NUL and other control bytes. That
share is measured *after* BOM handling: UTF-16/32 text is full of NUL bytes and is text.
``file(1)``'s weaker magic (some plain .txt files come out as "MAR archive" or "HP Graphics
Language") is deliberately not used.

Normalisation: newlines become ``\\n`` (``\\r\\n`` and lone ``\\r``), text is NFC, NUL
characters are dropped, and mojibake (UTF-8 once read as cp1252: "GuantÃ¡namo") is repaired
by ftfy. A text that is empty or whitespace only afterwards is refused.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

# (signature, offset, description): a file whose bytes at offset match is binary.
SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"%PDF-", 0, "a PDF document"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"PK\x03\x04", 0, "a zip archive (or .docx/.epub/.odt)"),
    (b"PK\x05\x06", 0, "a zip archive"),
    (b"PK\x07\x08", 0, "a zip archive"),
    (b"BZh", 0, "a bzip2 archive"),  # confirmed below by the block magic
    (b"\xfd7zXZ\x00", 0, "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7z archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", 0, "a zstd archive"),
    (b"\x7fELF", 0, "an ELF executable"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an MS Office (OLE2) document"),
    (b"\xca\xfe\xba\xbe", 0, "a Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", 0, "a Mach-O binary"),
    (b"\x00asm", 0, "a WebAssembly module"),
    (b"OggS\x00", 0, "an Ogg media file"),
    (b"fLaC", 0, "a FLAC audio file"),
    (b"ID3\x02", 0, "an MP3 audio file"),
    (b"ID3\x03", 0, "an MP3 audio file"),
    (b"ID3\x04", 0, "an MP3 audio file"),
    (b"ftyp", 4, "an MP4/QuickTime media file"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"\x00\x00\x01\x00", 0, "an icon file"),
    (b"wOFF", 0, "a web font"),
    (b"wOF2", 0, "a web font"),
)
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}

# BOMs, longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

SAMPLE_BYTES = 8192
# Bytes that plain text may contain: tab, LF, VT, FF, CR, ESC and everything printable.
_TEXT_BYTES = bytes([9, 10, 11, 12, 13, 27, *range(32, 127), *range(128, 256)])
_NON_TEXT_BYTES = bytes(sorted(set(range(256)) - set(_TEXT_BYTES)))
_CONTROL_CHARS = "".join(chr(c) for c in range(32) if c not in (9, 10, 11, 12, 13, 27)) + "\x7f"
_CONTROL_TABLE = str.maketrans("", "", _CONTROL_CHARS)
MAX_NUL_RATIO = 0.01
MAX_CONTROL_RATIO = 0.05
# cp1252 is taken only when non-ASCII characters are at most this share of the letters.
MAX_CP1252_NON_ASCII = 0.3
_ASCII_LETTERS = bytes(range(256)).translate(
    None, bytes(c for c in range(256) if not chr(c).isascii() or not chr(c).isalpha())
)
_CP1252_HIGH_LETTERS = bytes(
    c for c in range(128, 256) if bytes([c]).decode("cp1252", errors="ignore").isalpha()
)


class RejectedFile(ValueError):  # noqa: N818 (a reason, not a bug)
    """The bytes are not importable text; ``str(exc)`` is the one-line reason."""


@dataclass(frozen=True)
class Decoded:
    """Decoded, normalised text, the encoding that produced it, and how many invalid bytes
    were replaced by U+FFFD (reported in the import summary)."""

    text: str
    encoding: str
    replaced: int = 0


_ESCAPED_BYTES = {code: None for code in range(0xDC80, 0xDD00)}


def _utf8_with_replacements(data: bytes) -> tuple[str, int] | None:
    """(text, invalid bytes replaced) when ``data`` is mostly UTF-8, else None."""
    escaped = data.decode("utf-8", "surrogateescape")  # invalid bytes as U+DC80-U+DCFF
    invalid = len(escaped) - len(escaped.translate(_ESCAPED_BYTES))
    non_ascii = len(escaped) - len(escaped.encode("ascii", "ignore"))
    valid_multibyte = non_ascii - invalid
    if valid_multibyte == 0 or valid_multibyte < invalid:
        return None
    return data.decode("utf-8", "replace"), invalid


def sniff_binary(data: bytes) -> str | None:
    """What binary format ``data`` starts with ("a PNG image"...), or None for no signature."""
    for magic, offset, kind in SIGNATURES:
        if data.startswith(magic, offset):
            if magic == b"BZh" and not (
                len(data) >= 10 and data[3:4].isdigit() and data[4:10] == b"1AY&SY"
            ):
                continue
            return kind
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    return None


def _looks_binary_bytes(sample: bytes) -> bool:
    """Too many NUL or control bytes for text (for data without a BOM)."""
    if not sample:
        return False
    size = len(sample)
    if sample.count(0) > MAX_NUL_RATIO * size:
        return True
    controls = size - len(sample.translate(None, _NON_TEXT_BYTES))
    return controls > MAX_CONTROL_RATIO * size


def _looks_binary_text(sample: str) -> bool:
    """The same test on decoded characters (for data that had a BOM)."""
    if not sample:
        return False
    size = len(sample)
    if sample.count("\x00") > MAX_NUL_RATIO * size:
        return True
    controls = size - len(sample.translate(_CONTROL_TABLE))
    return controls > MAX_CONTROL_RATIO * size


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on every other byte like ASCII-range UTF-16."""
    sample = data[:SAMPLE_BYTES]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.7 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.7 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def _cp1252_plausible(data: bytes) -> bool:
    """Letters mostly ASCII, as in English, French, German, Spanish... text (counted in C)."""
    size = len(data)
    ascii_letters = size - len(data.translate(None, _ASCII_LETTERS))
    high_letters = size - len(data.translate(None, _CP1252_HIGH_LETTERS))
    letters = ascii_letters + high_letters
    return letters > 0 and high_letters <= MAX_CP1252_NON_ASCII * letters


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best (text, encoding), or None."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # a detector bug must not stop an import
        return None
    if best is None:
        return None
    return str(best), str(best.encoding)


def normalise(text: str) -> str:
    """Newlines to ``\\n``, NUL dropped, numeric character references decoded, mojibake
    repaired, NFC."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "&#" in text:
        # Numeric character references left in a plain-text file ("&#163;1.8m indecency
        # fine", 12 BBC files): the character, never meant to be read as written.
        # Until none is left to decode ("&#6&#53;;" makes "&#65;"): each pass shortens the
        # text, so normalising again changes nothing.
        while (decoded := _CHAR_REF.sub(_char_ref, text)) != text:
            text = decoded
    if _MOJIBAKE.search(text):
        # UTF-8 read as cp1252 somewhere upstream, then saved as UTF-8: "GuantÃ¡namo",
        # "Enrique PeÃ±a Nieto" in 13 PolNeAR articles became an entity so. ftfy undoes it
        # only where its heuristics are sure ("SÃO PAULO" stays).
        import ftfy

        text = ftfy.fix_encoding(text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


_CHAR_REF = re.compile(r"&#(?:([0-9]{2,7})|[xX]([0-9a-fA-F]{2,6}));")


def _char_ref(match: re.Match[str]) -> str:
    """The character a numeric reference stands for; the reference itself when it stands
    for a control character (never an escape sequence on the terminal), a surrogate,
    nothing, or "&" (a reference of its own would be made again and again)."""
    code = int(match[1]) if match[1] else int(match[2], 16)
    if (
        code < 32
        or code == 38
        or 0x7F <= code < 0xA0
        or 0xD800 <= code <= 0xDFFF
        or code > 0x10FFFF
    ):
        return match[0]
    return chr(code)


# A UTF-8 lead byte read as cp1252 followed by a continuation byte read so: the mark of
# mojibake (checked before ftfy is imported, so clean text costs one search).
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
    "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)


def _raw_decode(data: bytes) -> tuple[str, str] | tuple[str, str, int]:
    """Steps 1-6 of the chain without normalisation; raises RejectedFile for binaries.

    Returns (text, encoding), or (text, encoding, bytes replaced) for step 3.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            if _looks_binary_text(text[:SAMPLE_BYTES]):
                raise RejectedFile("binary file (too many control characters)")
            return text, f"{encoding} (BOM)"
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        text = data.decode(utf16, errors="replace")
        if not _looks_binary_text(text[:SAMPLE_BYTES]):
            return text, utf16
    sample = data[:SAMPLE_BYTES]
    if _looks_binary_bytes(sample):
        raise RejectedFile("binary file (too many NUL or control bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _utf8_with_replacements(data)
    if mixed is not None:
        return mixed[0], "utf-8 (invalid bytes replaced)", mixed[1]
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if _cp1252_plausible(data):
            return text, "cp1252"
    detected = _detect(data)
    if detected is not None:
        return detected
    return data.decode("utf-8", errors="replace"), "utf-8 (with replacements)"


# Markup files that are no article: an SVG image (group 1) or another XML document.
_MARKUP_KIND = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?(?:(<svg\b)|<(?!html\b|!DOCTYPE)\w)|(<svg\b))",
    re.IGNORECASE | re.DOTALL,
)


def decode_bytes(data: bytes) -> Decoded:
    """Decode and normalise a file's bytes; raise RejectedFile with a one-line reason."""
    kind = sniff_binary(data)
    if kind is not None:
        raise RejectedFile(f"binary file ({kind})")
    text, encoding, *replaced = _raw_decode(data)
    text = normalise(text)
    if not text.strip():
        raise RejectedFile("empty file" if not text else "only whitespace")
    markup = _MARKUP_KIND.match(text)
    if markup and "<html" not in text[:2000].lower():
        # An SVG (a screenshot) or other XML saved as .txt: markup, no article (a new-user
        # test imported one and got the title "<svg class=...").
        svg = markup[1] or markup[2]
        raise RejectedFile("an SVG image, not text" if svg else "an XML file, not text")
    return Decoded(text, encoding, replaced[0] if replaced else 0)
