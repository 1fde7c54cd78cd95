"""Character-encoding detection shared by the plain-text and HTML readers.

Chinese plan texts arrive as UTF-8 (with or without BOM), as GBK/GB2312 exported by older Windows
tools, and occasionally as UTF-16 from Word's "Unicode text" export. The order of attempts matters:
strict UTF-8 almost never succeeds by accident, GB18030 (a superset of GB2312 and GBK that also
covers characters such as 硚) succeeds on most other byte strings, so it comes second, and
charset-normalizer is only a last resort because its guesses on short Chinese texts are unstable.
"""

from __future__ import annotations

import codecs
import logging
import unicodedata
from dataclasses import dataclass

import charset_normalizer

logger = logging.getLogger(__name__)

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Labels that in practice mean "some GBK superset"; GB18030 decodes all of them and more (硚, 堃).
_GB_LABELS = frozenset({"gb2312", "gbk", "gb18030", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn"})

# Allowed control characters in text: tab, newline, carriage return, vertical tab, form feed.
_ALLOWED_CONTROLS = frozenset("\t\n\r\x0b\x0c")


class DecodeError(Exception):
    """Raised inside the ingest layer when bytes are not text; readers turn it into `InputError`."""

    def __init__(self, reason: str, *, binary: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.binary = binary


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # normalised codec name, e.g. "utf-8", "utf-8-sig", "utf-16", "gb18030"


def normalise_label(label: str) -> str | None:
    """Map a charset label (from a meta tag or a detector) to a Python codec name, or None if unknown.

    GB2312 and GBK labels map to gb18030 because pages that declare them routinely contain characters
    outside those sets.
    """
    cleaned = label.strip().strip("'\"").lower()
    if cleaned in _GB_LABELS:
        return "gb18030"
    try:
        name = codecs.lookup(cleaned).name
    except (LookupError, ValueError):
        return None
    if name in {"gb2312", "gbk"}:
        return "gb18030"
    return name.replace("_", "-")


def bom_encoding(data: bytes) -> tuple[str, str, int] | None:
    """Return (codec for the payload, recorded name, BOM length) when `data` starts with a BOM."""
    for bom, codec, recorded in _BOMS:
        if data.startswith(bom):
            return codec, recorded, len(bom)
    return None


def _utf16_orders(data: bytes) -> tuple[str, ...]:
    """Byte orders worth trying for BOM-less UTF-16, most likely first; () when not UTF-16-like.

    ASCII characters (newlines, spaces, digits) encode as a NUL byte plus the ASCII byte, so UTF-16
    text has many NUL bytes, mostly on one parity. Ideographs such as 一 (U+4E00) and the full-width
    space U+3000 put NULs on the other parity, so parity alone cannot decide; the decoded text must
    also look like Chinese or ASCII text (see `_plausible`).
    """
    if len(data) < 4 or len(data) % 2:
        return ()
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if even + odd < 2 or (even + odd) * 100 < len(data) // 2:
        return ()
    return ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")


def _plausible(text: str) -> bool:
    """True when nearly all characters are printable ASCII, line breaks, CJK ideographs or CJK/full-width
    punctuation — what a Chinese plan consists of. Random bytes and byte-swapped UTF-16 are not."""
    plausible = sum(
        1
        for ch in text
        if " " <= ch < "\x7f"
        or ch in "\t\n\r"
        or "\u3000" <= ch <= "\u303f"
        or "\u3400" <= ch <= "\u9fff"
        or "\uff00" <= ch <= "\uffef"
        or "\u2010" <= ch <= "\u206f"
    )
    return plausible >= 0.95 * len(text)


def utf16_without_bom(data: bytes) -> str | None:
    """The byte order of BOM-less UTF-16 text, or None when `data` is not such text."""
    for codec in _utf16_orders(data):
        text = _strict(data, codec)
        if text is not None and _plausible(text):
            return codec
    return None


def control_share(text: str) -> float:
    """Share of characters that are control characters a text file would not contain."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")
    return bad / len(text)


def check_not_binary(text: str) -> None:
    """Reject decoded text whose control characters show it is really binary data."""
    share = control_share(text)
    if share > 0.01 and share * len(text) >= 3:
        raise DecodeError(f"{share:.1%} control characters", binary=True)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bom_or_utf16(data: bytes) -> Decoded | None:
    """Decode by BOM or by the BOM-less UTF-16 pattern; None when neither applies.

    A BOM is trusted: if the payload does not decode with it, the file is damaged.
    """
    bom = bom_encoding(data)
    if bom is not None:
        codec, recorded, size = bom
        text = _strict(data[size:], codec)
        if text is None:
            raise DecodeError(f"invalid {codec} after byte-order mark", binary=False)
        return Decoded(text, recorded)
    codec16 = utf16_without_bom(data)
    if codec16 is not None:
        return Decoded(data.decode(codec16), codec16)
    return None


def decode_with(data: bytes, label: str) -> Decoded | None:
    """Strictly decode with a declared charset label; None when unknown or wrong."""
    codec = normalise_label(label)
    if codec is None:
        return None
    text = _strict(data, codec)
    return None if text is None else Decoded(text, codec)


def decode_fallbacks(data: bytes) -> Decoded:
    """Strict UTF-8, then GB18030, then charset-normalizer; raise `DecodeError` when all fail."""
    if b"\x00" in data:
        raise DecodeError("NUL bytes outside UTF-16", binary=True)
    for codec in ("utf-8", "gb18030"):
        text = _strict(data, codec)
        if text is not None:
            return Decoded(text, codec)
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        guessed = normalise_label(str(best.encoding))
        if guessed is not None:
            guessed_text = _strict(data, guessed)
            if guessed_text is not None:
                logger.info("charset-normalizer guessed %s", guessed)
                return Decoded(guessed_text, guessed)
    raise DecodeError("neither UTF-8, GB18030 nor a detected charset decodes the bytes", binary=False)


def decode_text(data: bytes) -> Decoded:
    """Decode a plain-text file: BOM, BOM-less UTF-16, then the fallbacks; reject binary content."""
    decoded = decode_bom_or_utf16(data) or decode_fallbacks(data)
    check_not_binary(decoded.text)
    return decoded
