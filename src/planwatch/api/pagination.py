"""Pagination of list endpoints: `limit`/`offset` in, `{items, total, limit, offset}` out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    offset: int


def page_params(
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="每页条数"),
    offset: int = Query(0, ge=0, description="跳过的条数"),
) -> PageParams:
    return PageParams(limit, offset)


class Page(BaseModel, Generic[T]):
    """One page of a list and the size of the whole list."""

    items: list[T]
    total: int
    limit: int
    offset: int


def paginate(items: Sequence[T], params: PageParams) -> Page[T]:
    """A page cut from a list that is already in memory (lists here are at most a few thousand rows)."""
    return Page[T](
        items=list(items[params.offset : params.offset + params.limit]),
        total=len(items),
        limit=params.limit,
        offset=params.offset,
    )
