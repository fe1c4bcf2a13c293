#!/usr/bin/env bash
# Renders the sample ledger's HTML report to a PNG with headless Chromium (installed from Debian's
# packages if missing, with a CJK font so the Chinese labels show), for docs/report.png.
#   scripts/render-report.sh [LEDGER] [OUT.png] [--at DATE]
set -euo pipefail
cd "$(dirname "$0")/.."
ledger="${1:-events/xinjiang-sme-2023.jsonl}"
out="${2:-docs/report.png}"
at="${3:-2023-12-31}"
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk
fi
swift build -c release --product fundledger >/dev/null
html="$(mktemp --suffix=.html)"
.build/release/fundledger --ledger "$ledger" report --html "$html" --at "$at"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,2200 \
  --screenshot="$out" "file://$html" 2>/dev/null
rm -f "$html"
echo "wrote $out"
