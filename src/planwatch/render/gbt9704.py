"""Layout of an official document (公文) after GB/T 9704-2012《党政机关公文格式》, each value with its clause.

The evaluation report goes to the government and the 人大 as a 公文 attachment, so it follows the
national layout: A4 paper, the type area and margins, 3号仿宋 body text on a 22 × 28 grid, a 2号小标宋
title, 黑体 / 楷体 headings, and page numbers "— 1 —" in 4号宋体. Font names are the official ones; when
a PDF is made on Linux, `render.pdf` maps them to free fonts (and the report says so).
"""

from __future__ import annotations

# §5.1 公文用纸幅面尺寸: A4, 210 mm × 297 mm.
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0

# §5.2.1 页边与版心尺寸: 天头（上白边）37 mm ± 1 mm, 订口（左白边）28 mm ± 1 mm, 版心 156 mm × 225 mm
# (so the bottom margin is 297 − 37 − 225 = 35 mm and the right one 210 − 28 − 156 = 26 mm).
MARGIN_TOP_MM = 37.0
MARGIN_LEFT_MM = 28.0
TYPE_AREA_WIDTH_MM = 156.0
TYPE_AREA_HEIGHT_MM = 225.0
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TYPE_AREA_HEIGHT_MM  # 35
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TYPE_AREA_WIDTH_MM  # 26

# §5.2.2 字体和字号: 如无特殊说明，各要素一般用3号仿宋体字 (三号 = 16 pt).
BODY_FONT = "仿宋_GB2312"
BODY_SIZE_PT = 16.0
LATIN_FONT = "Times New Roman"  # digits and Latin letters beside the Chinese text

# §5.2.3 行数和字数: 一般每面排22行，每行排28个字 → line pitch 225 mm / 22 = 579 twips (28.95 pt), set as
# the section's line grid (w:docGrid type="lines" linePitch="579") and as exact line spacing. The
# character pitch 156 mm / 28 = 15.79 pt is reached by condensing body runs by 0.2 pt (w:spacing −4
# twentieths): a character grid (type="linesAndChars") is drawn by LibreOffice with two cells per
# 16 pt character, so the grid is on lines only.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH_TWIPS = int(TYPE_AREA_HEIGHT_MM / LINES_PER_PAGE / 25.4 * 1440)  # 579
CHAR_PITCH_PT = TYPE_AREA_WIDTH_MM / CHARS_PER_LINE / 25.4 * 72  # 15.79
CONDENSE_TWENTIETHS = -round((BODY_SIZE_PT - CHAR_PITCH_PT) * 20)  # -4

# §7.3.1 标题: 一般用2号小标宋体字 (二号 = 22 pt)，居中排布.
TITLE_FONT = "方正小标宋简体"
TITLE_SIZE_PT = 22.0

# §7.3.3 正文: 结构层次序数“一、”“（一）”“1.”“（1）”; 第一层用黑体字、第二层用楷体字、第三层和第四层用仿宋体字.
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
FIRST_LINE_INDENT_CHARS = 2  # §7.3.3: 每个自然段左空二字

# §7.5 页码: 一般用4号半角宋体阿拉伯数字，编排在版心下边缘之下，数字左右各放一条一字线; 一字线上距版心
# 下边缘7 mm; 单页码居右空一字，双页码居左空一字 (四号 = 14 pt).
PAGE_NUMBER_FONT = "宋体"
PAGE_NUMBER_SIZE_PT = 14.0
PAGE_NUMBER_GAP_MM = 7.0
PAGE_NUMBER_DASH = "—"
FOOTER_DISTANCE_MM = MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM - PAGE_NUMBER_SIZE_PT * 25.4 / 72

# §8 公文中的表格: 表格随文编排; the standard sets no size for table text, and §5.2.2 allows
# 特定情况可以作适当调整: table text is 五号 (10.5 pt), or 小五 (9 pt) for wide
# tables of nine columns or more, so that an indicator table fits the 156 mm type area.
TABLE_FONT = BODY_FONT
TABLE_SIZE_PT = 10.5
WIDE_TABLE_SIZE_PT = 9.0
WIDE_TABLE_COLUMNS = 9
TABLE_HEADER_FONT = HEADING1_FONT

# Draft text (六、下一步建议) and notes: the body font, notes one size smaller (4号 = 14 pt).
NOTE_SIZE_PT = 14.0
