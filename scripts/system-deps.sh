#!/usr/bin/env bash
# System packages the tests need and PyPI cannot provide: Debian's Chromium (driven by Playwright for the
# browser tests; Playwright never downloads a browser here) and CJK fonts, so Chinese text renders in
# screenshots; LibreOffice Writer (headless DOCX → PDF for `planwatch evaluate -f pdf`), poppler-utils
# (pdftoppm/pdftotext to check the PDF) and the free fonts that stand in for the official 公文 fonts
# (Noto Serif CJK SC Black for 方正小标宋简体, LXGW WenKai for 楷体_GB2312). Installs only what is
# missing; needs root or sudo for that.
set -euo pipefail
PACKAGES=(chromium fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai libreoffice-writer-nogui poppler-utils)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "需要安装 ${missing[*]}，但当前用户不是 root 且没有 sudo：请以管理员身份运行 apt-get install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "installing ${missing[*]} (Debian packages)" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
