#!/usr/bin/env bash
# The PDF scorecard made in-process (typst) against headless Chromium printing the standalone HTML
# scorecard of the same quarter to PDF, the way other tools make their PDFs; both in one run.
#
# 1. criterion: `export pdf`, `export xlsx` (and json, html) of the demo's 2026-Q3 (benches/export.rs);
# 2. hyperfine: `chromium --headless --print-to-pdf` of that quarter's HTML export (a fresh browser
#    each run, as a server that prints on demand would start one).
# Needs: chromium, hyperfine (Debian packages). Usage: bash benches/export/print_ratio.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo bench --bench export -- --noplot 2>&1 | grep -E "^export|time:" | tee "$work/criterion.txt"

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/cti-maturity
db="sqlite:$work/demo.db"
$bin demo --database "$db" --password print-ratio-password >/dev/null
$bin export --database "$db" --org demo --period 2026-Q3 --format html --out "$work/scorecard.html" >/dev/null
$bin export --database "$db" --org demo --period 2026-Q3 --format pdf --out "$work/scorecard.pdf" >/dev/null

chromium_print="chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
  --disable-background-networking --disable-component-update --disable-sync --no-first-run \
  --disable-extensions --user-data-dir=$work/profile --no-pdf-header-footer \
  --print-to-pdf=$work/chromium.pdf file://$work/scorecard.html"
hyperfine --warmup 1 --runs 10 --export-json "$work/chromium.json" "$chromium_print" 2>&1 | tee "$work/hyperfine.txt"

pdf_ms=$(grep -A1 "^export pdf" "$work/criterion.txt" | grep -oE "time: +\[[^]]*\]" | awk '{print $4, $5}')
chromium_s=$(python3 -c "import json; print(json.load(open('$work/chromium.json'))['results'][0]['median'])")
echo "typst PDF (criterion median): $pdf_ms"
echo "chromium print-to-pdf (hyperfine median): ${chromium_s} s"
python3 - "$pdf_ms" "$chromium_s" <<'PY'
import sys
value, unit = sys.argv[1].split()
ms = float(value) * {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}[unit]
chromium_ms = float(sys.argv[2]) * 1000
print(f"ratio chromium / typst: {chromium_ms / ms:.0f}x ({chromium_ms:.0f} ms against {ms:.1f} ms)")
PY
pages_typst=$(pdfinfo "$work/scorecard.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')
pages_chromium=$(pdfinfo "$work/chromium.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')
echo "pages: typst ${pages_typst:-?}, chromium ${pages_chromium:-?}"
