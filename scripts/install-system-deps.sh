#!/usr/bin/env bash
# System packages the tests need, from Debian's archive (idempotent; run as root, or with sudo available).
#   chromium         headless browser for the workbench tests (tests/test_web_browser.py); never downloaded by
#                    Playwright: the tests launch /usr/bin/chromium
#   fonts-thai-tlwg  Thai fonts for the printable regulation and the editor's monospace fallback
#   fonts-dejavu-core  the editor's monospace font
#   fonts-liberation the browser's Latin fonts (the golden screenshots were taken with exactly these fonts; with
#                    Chromium's recommended packages, as a plain `apt-get install chromium` brings them)
#   libpango-1.0-0, libpangoft2-1.0-0  what WeasyPrint (the documents extra) lays out and shapes Thai with
#   poppler-utils    pdftoppm and pdftotext: the documents' tests render PDF pages to PNG and read their text layer
#   fonts-dejavu-core is also the documents' fallback for Latin letters and the fingerprints' monospace
# Other parts may append their own packages below (keep one apt-get per block, idempotent).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=()
for pkg in chromium fonts-thai-tlwg fonts-dejavu-core fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 poppler-utils; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
