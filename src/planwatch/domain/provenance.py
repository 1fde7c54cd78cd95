"""Whether an observation's source is one a planning office can cite as official.

The rule is deliberately simple and stated on the indicator page: a government web site (a host under
gov.cn), a plan's own text (cited as 《…》第N行) or a named official publication (统计公报, 政府工作报告,
统计年鉴, a 统计局 table) is official; any other web address (news mirrors, aggregator sites) is not;
anything else (a bare file name, free text) is unknown. Conflicting figures prefer official ones.
"""

from __future__ import annotations

from enum import IntEnum
from urllib.parse import urlparse

_OFFICIAL_WORDS = ("统计公报", "政府工作报告", "统计年鉴", "统计局", "规划")


class Provenance(IntEnum):
    """Ordered so that a smaller value is preferred when figures conflict."""

    OFFICIAL = 0
    UNKNOWN = 1
    UNOFFICIAL = 2


def provenance(source: str | None) -> Provenance:
    """The provenance class of a source string as stored with an observation."""
    if not source or not source.strip():
        return Provenance.UNKNOWN
    text = source.strip()
    parsed = urlparse(text)
    if parsed.scheme in ("http", "https") and parsed.hostname:
        host = parsed.hostname.lower()
        return Provenance.OFFICIAL if host == "gov.cn" or host.endswith(".gov.cn") else Provenance.UNOFFICIAL
    if text.startswith("《") or any(word in text for word in _OFFICIAL_WORDS):
        return Provenance.OFFICIAL
    return Provenance.UNKNOWN
