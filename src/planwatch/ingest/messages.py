"""User-facing errors of the ingest layer, in one place.

Every failure a user can cause ends here as an `InputError` with one Simplified-Chinese sentence
(what is wrong, then what to do) and a short English `detail` for developers. Keeping the wording
together makes it consistent and easy to review; the readers only choose which one applies.
"""

from __future__ import annotations

from pathlib import Path

from planwatch.domain.errors import InputError

SUPPORTED = ".txt、.docx、.pdf 和 .html"


def not_found(path: Path) -> InputError:
    return InputError(f"找不到文件：{path}。请检查文件路径是否正确。", detail="file not found")


def not_a_file(path: Path) -> InputError:
    return InputError(
        f"这不是一个普通文件：{path}。请指定一个 {SUPPORTED} 格式的规划文件。",
        detail="path is a directory or special file",
    )


def unreadable(path: Path, reason: str) -> InputError:
    return InputError(
        f"无法打开文件：{path}。请检查文件是否存在以及是否有读取权限。",
        detail=f"cannot read file: {reason}",
    )


def empty(path: Path) -> InputError:
    return InputError(f"文件为空：{path}。请确认导出的规划文本不是空文件。", detail="file has 0 bytes")


def blank(path: Path) -> InputError:
    return InputError(
        f"文件只包含空白字符：{path}。请确认导出的规划文本包含正文。",
        detail="file contains only whitespace",
    )


def binary(path: Path, reason: str) -> InputError:
    return InputError(
        f"文件不是文本文件，无法读取：{path}。请提供 {SUPPORTED} 格式的规划文件。",
        detail=f"binary content: {reason}",
    )


def undecodable(path: Path, reason: str) -> InputError:
    return InputError(
        f"无法识别文件的文字编码：{path}。请将文件另存为 UTF-8 编码的文本后重试。",
        detail=f"undecodable text: {reason}",
    )


def unsupported(path: Path, kind: str, advice: str) -> InputError:
    """`kind` names the detected format in Chinese, `advice` says how to convert it."""
    return InputError(
        f"不支持的文件格式（{kind}）：{path}。目前支持 {SUPPORTED}，{advice}。",
        detail=f"unsupported format: {kind}",
    )


def too_large(path: Path, reason: str) -> InputError:
    return InputError(
        f"文件解压后过大，可能已损坏或不是正常的文档：{path}。请检查文件来源后重试。",
        detail=f"archive too large: {reason}",
    )


def docx_corrupt(path: Path, reason: str) -> InputError:
    return InputError(
        f"Word 文件已损坏或不完整：{path}。请在 Word 中打开并重新另存为 .docx 后重试。",
        detail=f"corrupt DOCX: {reason}",
    )


def docx_no_text(path: Path) -> InputError:
    return InputError(f"Word 文件中没有文字：{path}。请确认文件包含规划正文。", detail="DOCX has no text")


def pdf_corrupt(path: Path, reason: str) -> InputError:
    return InputError(
        f"PDF 文件已损坏或不完整：{path}。请重新下载或重新导出该 PDF 后重试。",
        detail=f"corrupt PDF: {reason}",
    )


def pdf_encrypted(path: Path) -> InputError:
    return InputError(
        f"PDF 文件设有打开密码：{path}。请先解除密码保护后重试。", detail="PDF is password-protected"
    )


def pdf_no_pages(path: Path) -> InputError:
    return InputError(f"PDF 文件中没有页面：{path}。请检查导出的 PDF 是否完整。", detail="PDF has 0 pages")


def pdf_no_text(path: Path) -> InputError:
    return InputError(
        f"PDF 文件没有可提取的文字（可能是扫描件）：{path}。请先进行文字识别（OCR）后再导入。",
        detail="PDF has no text layer",
    )


def html_too_deep(path: Path) -> InputError:
    return InputError(
        f"网页的标签嵌套过深（超过 2048 层），无法完整读取：{path}。请在浏览器中将正文另存为 .txt 或 .docx 后重试。",
        detail="HTML nesting exceeds libxml2's depth limit (2048 with huge_tree)",
    )


def html_no_text(path: Path) -> InputError:
    return InputError(
        f"网页中没有找到正文文字：{path}。请确认保存的是规划全文页面，而不是目录或跳转页面。",
        detail="HTML has no text",
    )


def internal(path: Path, reason: str) -> InputError:
    return InputError(
        f"读取文件时发生意外错误：{path}。请将该文件提供给开发人员排查。",
        detail=f"internal error: {reason}",
    )
