"""Responsible-unit names: splitting a unit list, expanding shared suffixes, applying the alias table."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from planwatch.domain.errors import InputError
from planwatch.normalize.brackets import blank_unclosable, closing_brackets

# A name ending in one of these is a complete unit name; anything else may be a bare place name that
# shares the suffix of a later item ("洪山、武昌、江夏区人民政府").
_UNIT_SUFFIX = re.compile(
    r"(局|委|办|会|府|部|院|厅|室|中心|组|队|所|行|司|集团|大学|馆|站|社|联|团|处|科|单位|机构|企业|高校|"
    r"园区|开发区|管委会|公司|银行|协会|学会|政府|街道|乡镇|部门|科协|法院|检察院|海关|税务局|集团)$"
)
_PLACE_SUFFIX = re.compile(r"^(.+?)(区|县|市|镇|乡|街道)(.+)$")
_SEPARATORS = re.compile(r"[、，,；;]|(?<=[局委办府院厅室心组])和|(?<=[局委办府院厅室心组])及")
# Administrative levels that follow 各 in a collective designation: 各区、县级市; 各市、州人民政府.
_LEVEL = re.compile(
    r"^(区|县|市|州|县级市|县（市、区）|县\(市、区\)|市（州）|开发区|功能区|园区|乡镇|乡|镇|街道|区县|县区|市县)"
    r"(人民政府|政府|管委会|党委|有关部门|相关部门)?$"
)
# A part that starts like a sentence ends the list: "…，各县市区，以下均需各县市区落实，不再逐项列出".
_CLAUSE_START = re.compile(r"^(以下|以上|下同|均需|均由|不再|其余|其中|具体|分别|按照|根据|负责|确保)")
# "市发改委等按职责分工负责": how the listed units share the work, not a unit.
_SHARING = re.compile(
    r"等?(按职责分工负责|按职责分工落实|按职责分工|按职责负责|按职责落实|分别负责|共同负责|负责落实)$"
)
_REMARK = re.compile(r"[<＜〈《]([^>＞〉》]*)[>＞〉》]|[（(]([^（）()]*)[）)]")


@dataclass(frozen=True, slots=True)
class UnitList:
    units: tuple[str, ...]
    remark: str | None


def load_aliases(extra: Path | None = None) -> dict[str, str]:
    """The packaged alias table, optionally merged with a user's JSON file of the same shape."""
    text = resources.files("planwatch.data").joinpath("unit_aliases.json").read_text(encoding="utf-8")
    table: dict[str, str] = {k: v for k, v in json.loads(text).items() if not k.startswith("_")}
    if extra is not None:
        try:
            more = json.loads(extra.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(
                f'无法读取单位别名表 {extra}：请提供一个 JSON 对象，形如 {{"市城建局": "市城乡建设局"}}。',
                detail=str(exc),
            ) from exc
        if not isinstance(more, dict) or not all(isinstance(v, str) for v in more.values()):
            raise InputError(f"单位别名表 {extra} 的格式不对：应为“简称: 规范名称”的 JSON 对象。")
        table.update({str(k): v for k, v in more.items() if not str(k).startswith("_")})
    return table


def canonical(name: str, aliases: Mapping[str, str]) -> str:
    return aliases.get(name, name)


def _split_outside_brackets(text: str) -> list[str]:
    """Split at the separators, except inside brackets: 各县（市、区）人民政府 is one name."""
    closing = closing_brackets(text) if "（" in text or "(" in text else {}
    inside = sorted(closing.items())
    parts: list[str] = []
    last = 0
    j, covered_to = 0, -1  # brackets opened before the separator reach up to covered_to
    for m in _SEPARATORS.finditer(text):
        while j < len(inside) and inside[j][0] < m.start():
            covered_to = max(covered_to, inside[j][1])
            j += 1
        if m.start() < covered_to:
            continue
        parts.append(text[last : m.start()])
        last = m.end()
    parts.append(text[last:])
    return parts


def _collectives(parts: list[str]) -> list[str]:
    """各区、县级市 (人民政府) is one collective unit: "各" and the levels listed after it stay together."""
    out: list[str] = []
    for part in parts:
        if out and out[-1].startswith("各") and not _UNIT_SUFFIX.search(out[-1]) and _LEVEL.match(part):
            out[-1] = f"{out[-1]}、{part}"
        else:
            out.append(part)
    return out


def split_units(text: str, aliases: Mapping[str, str]) -> UnitList:
    """ "市科技局、市发改委，洪山、武昌区人民政府<含开发区管委会>" → units and a remark."""
    remarks: list[str] = []
    pieces: list[str] = []
    last = 0
    # 《 that no 》 follows cannot start a remark: blanked for the scan, read from `text` (60,000 of
    # them made the pattern scan to the end from each, 17.5 s)
    for m in _REMARK.finditer(blank_unclosable(text, "<＜〈《", ">＞〉》")):
        group = 1 if m.group(1) is not None else 2
        inner = text[m.start(group) : m.end(group)]
        pieces.append(text[last : m.start()])
        last = m.end()
        if inner and (inner.startswith("含") or "下同" in inner or "牵头" in inner or len(inner) > 8):
            remarks.append(inner.strip())
        else:
            pieces.append(text[m.start() : m.end()])  # part of a name: 市委军民融合办（市国防动员办）
    pieces.append(text[last:])
    cleaned = "".join(pieces).rstrip(" 　。；;，,")
    sharing = _SHARING.search(cleaned)
    if sharing:
        remarks.append(sharing.group(1))
        cleaned = cleaned[: sharing.start()]
    parts = [p.strip(" 　\t等") for p in _split_outside_brackets(cleaned)]
    for k, part in enumerate(parts):
        if _CLAUSE_START.match(part.strip()):
            remarks.append("，".join(x.strip() for x in parts[k:]))
            parts = parts[:k]
            break
    parts = _collectives([re.sub(r"\s+", "", p) for p in parts if p.strip(" 　\t等")])
    expanded: list[str] = []
    pending: list[str] = []
    for part in parts:
        if _UNIT_SUFFIX.search(part) or len(part) > 12 or part.startswith("各"):
            place = _PLACE_SUFFIX.match(part)
            if pending and place:
                expanded.extend(f"{p}{place.group(2)}{place.group(3)}" for p in pending)
            else:
                expanded.extend(pending)
            pending = []
            expanded.append(part)
        else:
            pending.append(part)
    expanded.extend(pending)
    units: list[str] = []
    for unit in expanded:
        name = canonical(unit, aliases)
        if name not in units:
            units.append(name)
    return UnitList(tuple(units), "；".join(remarks) or None)
