"""DOCX → PDF with LibreOffice headless, the official font names mapped to free fonts for the run.

The DOCX keeps the official names (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体); Linux servers do not
have them. Each conversion writes its own fontconfig file (FONTCONFIG_FILE) that aliases each official
name to the first installed free substitute in `SUBSTITUTES`, and a fresh LibreOffice profile, so
parallel runs never share state. The substitution actually used is returned, and the report states it.

Debian packages: libreoffice-writer-nogui, fonts-noto-cjk, fonts-noto-cjk-extra (Noto Serif CJK SC
Black), fonts-lxgw-wenkai (霞鹜文楷); `scripts/system-deps.sh` installs them when missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from planwatch.domain.errors import PlanwatchError
from planwatch.render import gbt9704 as L

# official name → free fonts to try, best first
SUBSTITUTES: dict[str, tuple[str, ...]] = {
    L.TITLE_FONT: ("Noto Serif CJK SC Black", "Noto Serif CJK SC", "Noto Sans CJK SC"),
    L.BODY_FONT: ("FandolFang", "Noto Serif CJK SC", "AR PL UMing CN"),
    L.HEADING2_FONT: ("LXGW WenKai", "FandolKai", "AR PL UKai CN", "Noto Serif CJK SC"),
    L.HEADING1_FONT: ("Noto Sans CJK SC", "FandolHei", "WenQuanYi Zen Hei"),
    L.PAGE_NUMBER_FONT: ("Noto Serif CJK SC", "FandolSong", "AR PL UMing CN"),
    L.LATIN_FONT: ("Liberation Serif", "Noto Serif CJK SC", "DejaVu Serif"),  # digits and Latin letters
}
TIMEOUT_SECONDS = 180


class PdfError(PlanwatchError):
    """The PDF could not be made (LibreOffice missing or failing)."""

    exit_code = 4


@dataclass(frozen=True, slots=True)
class FontChoice:
    official: str
    substitute: str | None  # None: no free font found, LibreOffice's own fallback is used


def installed_families(run: Callable[[Sequence[str]], str] | None = None) -> set[str]:
    """Font families fontconfig knows (every name of every family)."""
    runner = run or _fc_list
    families: set[str] = set()
    for line in runner(["fc-list", ":", "family"]).splitlines():
        families.update(name.strip() for name in line.split(","))
    return families


def _fc_list(command: Sequence[str]) -> str:
    try:
        return subprocess.run(list(command), capture_output=True, text=True, check=False, timeout=30).stdout
    except OSError:
        return ""


def choose_fonts(families: set[str]) -> list[FontChoice]:
    return [
        FontChoice(official, next((f for f in options if f in families), None))
        for official, options in SUBSTITUTES.items()
    ]


def font_note(choices: Sequence[FontChoice]) -> str:
    """The sentence the PDF prints about its fonts."""
    parts = [f"{c.official}→{c.substitute or '系统默认字体'}" for c in choices]
    return "字体说明：本PDF在未安装公文字体的环境中生成，以下字体以开源字体替代：" + "；".join(parts) + "。"


def fontconfig_xml(choices: Sequence[FontChoice]) -> str:
    rules = "".join(
        '<match target="pattern"><test name="family"><string>'
        f'{escape(c.official)}</string></test><edit name="family" mode="assign" binding="strong">'
        f"<string>{escape(c.substitute)}</string></edit></match>\n"
        for c in choices
        if c.substitute
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' + rules + "</fontconfig>\n"
    )


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise PdfError(
            "未找到 LibreOffice，无法生成 PDF：请安装 Debian 软件包 libreoffice-writer-nogui"
            "（运行 make system-deps），或改用 --format docx。"
        )
    return found


def docx_to_pdf(docx: bytes, choices: Sequence[FontChoice]) -> bytes:
    """Convert with a per-run fontconfig file and LibreOffice profile (in a temporary directory)."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="planwatch-pdf-") as tmp:
        work = Path(tmp)
        (work / "fonts.conf").write_text(fontconfig_xml(choices), encoding="utf-8")
        source = work / "report.docx"
        source.write_bytes(docx)
        env = dict(os.environ, FONTCONFIG_FILE=str(work / "fonts.conf"), HOME=str(work))
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            done = subprocess.run(command, env=env, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"LibreOffice 转换 PDF 超过 {TIMEOUT_SECONDS} 秒未完成，请稍后重试或改用 --format docx。"
            ) from None
        target = work / "report.pdf"
        if done.returncode != 0 or not target.exists():
            raise PdfError("LibreOffice 未能把报告转换为 PDF，请检查 LibreOffice 安装或改用 --format docx。")
        return target.read_bytes()
