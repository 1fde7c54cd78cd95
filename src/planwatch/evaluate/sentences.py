"""A small builder for sentences made of text and numbers (so no number is ever pasted into a string)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from planwatch.evaluate.content import Cell, Number, Paragraph, ParagraphStyle, Piece, Text


class Sentence:
    """Collects pieces; adjacent text is merged so renderers get few runs."""

    def __init__(self) -> None:
        self._pieces: list[Piece] = []

    def t(self, value: str) -> Sentence:
        if not value:
            return self
        if self._pieces and isinstance(self._pieces[-1], Text):
            self._pieces[-1] = Text(self._pieces[-1].text + value)
        else:
            self._pieces.append(Text(value))
        return self

    def n(self, number: Number | None, missing: str = "—") -> Sentence:
        if number is None:
            return self.t(missing)
        self._pieces.append(number)
        return self

    def extend(self, pieces: Iterable[Piece]) -> Sentence:
        for piece in pieces:
            if isinstance(piece, Text):
                self.t(piece.text)
            else:
                self.n(piece)
        return self

    def join(self, parts: Sequence[Sequence[Piece]], separator: str = "、") -> Sentence:
        for i, part in enumerate(parts):
            if i:
                self.t(separator)
            self.extend(part)
        return self

    @property
    def empty(self) -> bool:
        return not self._pieces

    def pieces(self) -> tuple[Piece, ...]:
        return tuple(self._pieces)

    def cell(self) -> Cell:
        return tuple(self._pieces)

    def paragraph(self, style: ParagraphStyle = ParagraphStyle.BODY, lead: str = "") -> Paragraph:
        return Paragraph(tuple(self._pieces), style, lead)


def plain(value: str) -> Cell:
    return (Text(value),) if value else (Text("—"),)


def numbered(number: Number | None, missing: str = "—") -> Cell:
    return (number,) if number is not None else (Text(missing),)
