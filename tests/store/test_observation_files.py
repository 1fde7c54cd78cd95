"""Reading observation files (CSV/XLSX), the inference rules, name-mapping suggestions and the import."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy.orm import Session
from store_builders import make_plan

from planwatch.datasets.indicator_matching import suggest_mappings
from planwatch.datasets.observation_files import ObservationFileError, parse_rows, read_observation_file
from planwatch.datasets.observation_rules import (
    infer_definition_break,
    infer_qualifier,
    infer_status,
    parse_value_cell,
)
from planwatch.domain.records import ObservationStatus, Qualifier
from planwatch.store import (
    definition_breaks,
    import_observations,
    list_indicators,
    observations_for,
    remembered_mappings,
    save_plan,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "wuhan_observations.csv"
HEADER = ["indicator_zh", "year", "value", "unit", "scope", "source_url", "source_quote", "note"]


def test_example_file_reads_as_is() -> None:
    file = read_observation_file(EXAMPLE)
    assert len(file.records) == 109
    by_row = {r.row: r for r in file.records}
    r_and_d_2018 = by_row[9]
    assert (r_and_d_2018.year, r_and_d_2018.value, r_and_d_2018.status) == (
        2018,
        2.42,
        ObservationStatus.ESTIMATE,
    )
    assert r_and_d_2018.definition_break_from == 2016
    assert by_row[3].status == ObservationStatus.FINAL  # 2.74 is not the bracketed cell of its row
    assert by_row[55].qualifier == Qualifier.LOWER_BOUND  # 突破700亿元
    assert by_row[71].value == 10000 and by_row[71].qualifier == Qualifier.LOWER_BOUND  # 突破1万亿元
    assert by_row[69].status == ObservationStatus.ESTIMATE  # 预计将达3200亿元 …
    assert by_row[69].qualifier == Qualifier.EXACT  # … the 突破 in the quote belongs to 3000
    assert by_row[104].qualifier == Qualifier.APPROXIMATE  # note: 约数
    assert by_row[110].status == ObservationStatus.PRELIMINARY  # note: 可能为预计
    assert by_row[45].definition_break_from is None  # 可能含口径变化: hedged, stays a note
    assert by_row[20].scope == "湖北省"
    assert "R&D经费投入强度" in file.indicator_names


def test_xlsx_reads_like_csv(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["指标", "年份", "数值", "单位", "地区", "来源", "引文", "备注"])
    sheet.append(["技术合同成交额", 2024, 2600, "亿元", "武汉市", "https://x", "成交额突破2600亿元", None])
    sheet.append([None, None, None, None, None, None, None, None])
    sheet.append(["高新技术企业数量", "2023年", "[14500]", "家", "武汉市", None, None, None])
    path = tmp_path / "obs.xlsx"
    book.save(path)
    records = read_observation_file(path).records
    assert [(r.indicator_name, r.year, r.value) for r in records] == [
        ("技术合同成交额", 2024, 2600),
        ("高新技术企业数量", 2023, 14500),
    ]
    assert records[0].qualifier == Qualifier.LOWER_BOUND
    assert records[1].status == ObservationStatus.ESTIMATE
    assert records[1].row == 4


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["indicator_zh", "value"]], "缺少 year"),
        ([HEADER, ["技术合同成交额", "2024", "很多", "亿元", "", "", "", ""]], "第2行的数值"),
        ([HEADER, ["技术合同成交额", "去年", "1", "亿元", "", "", "", ""]], "第2行的年份"),
        ([[*HEADER, "status"], ["技术合同成交额", "2024", "1", "亿元", "", "", "", "", "大概"]], "状态"),
    ],
)
def test_broken_files_raise_chinese_errors(rows: list[list[str]], message: str) -> None:
    with pytest.raises(ObservationFileError) as info:
        parse_rows(rows, source_name="坏文件.csv")
    assert message in info.value.message
    assert info.value.message.endswith("。")


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "obs.ods"
    path.write_bytes(b"x")
    with pytest.raises(ObservationFileError, match="CSV 或 XLSX"):
        read_observation_file(path)


def test_gb18030_csv(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("指标,年份,数值\n湖北实验室数量,2021,7\n".encode("gb18030"))
    assert read_observation_file(path).records[0].indicator_name == "湖北实验室数量"


def test_inference_rules() -> None:
    cell = parse_value_cell("1,234.5")
    assert cell is not None and cell.value == 1234.5 and not cell.bracketed
    assert parse_value_cell("n/a") is None
    assert infer_qualifier(50, "占比达到50%以上", "") == Qualifier.LOWER_BOUND
    assert infer_qualifier(8, "控制在8%以内", "") == Qualifier.UPPER_BOUND
    assert infer_qualifier(3, "约3亿元", "") == Qualifier.APPROXIMATE
    assert infer_qualifier(3, "3亿元", "上限") == Qualifier.UPPER_BOUND
    value = parse_value_cell("313.68")
    assert value is not None and infer_status(value, "… 313.68 [360]", "") == ObservationStatus.FINAL
    assert infer_status(value, "", "初步统计") == ObservationStatus.PRELIMINARY
    assert infer_definition_break("统计口径2018年起调整") == 2018
    assert infer_definition_break("口径可能与十四五指标不同") is None


def test_suggestions_rank_the_right_indicator_first() -> None:
    candidates = {1: "全社会研发经费投入强度（%）", 2: "技术合同成交额（亿元）", 3: "高新技术企业数（家）"}
    names = ["R&D经费投入强度", "技术合同成交额", "高新技术企业数量", "公民具备科学素质比例"]
    suggestions = suggest_mappings(names, candidates, remembered={"技术合同成交额": 2})
    assert suggestions["R&D经费投入强度"][0].indicator_id == 1
    assert suggestions["技术合同成交额"][0].confirmed
    assert suggestions["高新技术企业数量"][0].indicator_id == 3
    assert all(s.score >= 50 for group in suggestions.values() for s in group)
    assert all(not s.confirmed for s in suggestions["R&D经费投入强度"])


def test_import_maps_remembers_and_deduplicates(session: Session) -> None:
    plan_id, _, _ = save_plan(session, make_plan())
    indicators = {name: i for i, name in list_indicators(session, plan_id).items()}
    records = read_observation_file(EXAMPLE).records
    mapping = {
        "技术合同成交额": indicators["技术合同成交额（亿元）"],
        "高新技术企业数量": indicators["高新技术企业数量"],
    }
    first = import_observations(session, plan_id, records, who="张", mapping=mapping)
    session.commit()
    mapped_rows = sum(1 for r in records if r.indicator_name in mapping)
    assert (first.added, first.skipped_duplicates, mapped_rows) == (34, 0, 34)
    assert "R&D经费投入强度" in first.unmapped
    assert remembered_mappings(session, plan_id) == mapping
    # same file again: the remembered mapping is used and nothing new is stored
    second = import_observations(session, plan_id, records, who="张")
    session.commit()
    assert second.added == 0 and second.skipped_duplicates == mapped_rows
    contract = observations_for(session, indicators["技术合同成交额（亿元）"], 2018)
    assert {(o.value, o.qualifier) for o in contract} == {
        (722.56, Qualifier.EXACT),
        (700, Qualifier.LOWER_BOUND),
    }


def test_import_records_definition_breaks(session: Session) -> None:
    plan_id, _, _ = save_plan(session, make_plan())
    lab = next(i for i, n in list_indicators(session, plan_id).items() if n == "湖北实验室数量")
    records = [r for r in read_observation_file(EXAMPLE).records if r.indicator_name == "全社会研发经费投入"]
    summary = import_observations(session, plan_id, records, who="张", mapping={"全社会研发经费投入": lab})
    session.commit()
    assert summary.definition_breaks_added == 1
    assert [b.comparable_from for b in definition_breaks(session, lab)] == [2016]


def _hostile_xlsx(tmp_path: Path, rows: int = 3, last_row: bool = False) -> Path:
    """A small valid workbook whose sheet declares the largest possible size (A1:XFD1048576), and with
    `last_row` one more cell in the sheet's last row (openpyxl fills every row between)."""
    import re
    import zipfile

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["指标", "年份", "数值", "单位", "地区", "来源"])
    for year in range(2020, 2020 + rows - 1):
        sheet.append(["技术合同成交额", year, 100 + year, "亿元", "武汉市", "https://x"])
    if last_row:
        sheet["A1048576"] = "end"
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                text = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', text)
                assert "XFD1048576" in text
                data = text.encode()
            target.writestr(item, data)
    return hostile


def test_xlsx_declared_dimension_is_ignored(tmp_path: Path) -> None:
    records = read_observation_file(_hostile_xlsx(tmp_path, rows=4)).records
    assert [(r.year, r.value) for r in records] == [(2020, 2120), (2021, 2121), (2022, 2122)]


def test_xlsx_row_cap_ends_with_a_chinese_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planwatch.datasets.observation_files as files

    monkeypatch.setattr(files, "MAX_XLSX_ROWS", 3)
    with pytest.raises(files.ObservationFileError, match="超过 3 行"):
        read_observation_file(_hostile_xlsx(tmp_path, rows=5))


def test_xlsx_reaching_the_last_row_stops_at_the_cap(tmp_path: Path) -> None:
    path = _hostile_xlsx(tmp_path, rows=3, last_row=True)
    assert path.stat().st_size < 10_000
    with pytest.raises(ObservationFileError, match="超过 200,000 行"):
        read_observation_file(path)


def test_xlsx_row_reaching_the_last_column_is_refused(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["指标", "年份", "数值", "单位"])
    sheet["XFD2"] = "far away"
    path = tmp_path / "wide.xlsx"
    book.save(path)
    with pytest.raises(ObservationFileError, match="第 2 行超过 200 列"):
        read_observation_file(path)
