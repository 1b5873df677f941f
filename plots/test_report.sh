#!/bin/sh
# test_report.sh OUTDIR — the HTML report in a real browser (make test-report).
# For a simulate file with an outage and a plan file: writes the report, opens it in
# headless Chromium (Debian's chromium) and fails unless
#   - the page's screenshot is not blank (over 2% of its pixels not background),
#   - every <img> loaded (a copy of the page with one added script counts the images
#     whose naturalWidth is 0 on load and puts the count in the title, read back from
#     --dump-dom; the report itself has no script),
#   - the browser logged no console message (--enable-logging=stderr --v=0 prints each
#     as a CONSOLE line: console.error, an uncaught script error; checked by hand with
#     a page holding console.error("boom"), as the image count was with a missing image).
# No DevTools protocol is needed. CCSIM is the ccsim binary.
set -eu
out=${1:?usage: test_report.sh OUTDIR}
ccsim=${CCSIM:-build/ccsim}
here=$(dirname "$0")
python=${PYTHON:-python3}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "test_report: chromium not installed (make plot-deps)" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out"
abs=$(cd "$out" && pwd)
"$ccsim" simulate scenarios/examples/two-site-failover.cfg --replications 40 --out "$out/sim.h5" >/dev/null
"$ccsim" plan scenarios/barnet/bid-83fte.cfg --out "$out/plan.h5" >/dev/null
chrome() {
  "$browser" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
      --user-data-dir="$abs/profile" --enable-logging=stderr --v=0 "$@"
}
fails=0
for kind in sim plan; do
  page=$abs/report-$kind.html
  "$python" "$here/report.py" "$out/$kind.h5" --out "$page" >/dev/null
  want=$(grep -o '<img ' "$page" | wc -l)
  sed 's#</body>#<script>addEventListener("load",()=>{const i=[...document.images];document.title="IMAGES "+i.length+" BROKEN "+i.filter(x=>!x.complete||x.naturalWidth===0).length;});</script></body>#' \
      "$page" > "$abs/check-$kind.html"
  chrome --virtual-time-budget=10000 --dump-dom "file://$abs/check-$kind.html" \
      > "$abs/dom-$kind.html" 2> "$abs/log-$kind.txt" || true
  chrome --window-size=1100,2200 --screenshot="$abs/shot-$kind.png" "file://$page" \
      > /dev/null 2>> "$abs/log-$kind.txt" || true
  got=$(sed -n 's#.*<title>IMAGES \([0-9]*\) BROKEN \([0-9]*\)</title>.*#\1 \2#p' "$abs/dom-$kind.html")
  console=$(grep -c 'CONSOLE' "$abs/log-$kind.txt" || true)
  blank=$("$python" -c "
import matplotlib.image as m, numpy as np, sys
im = m.imread(sys.argv[1])[..., :3]
print(float(np.mean(np.any(np.abs(im - im[0, 0]) > 0.05, axis=-1))))" "$abs/shot-$kind.png" 2>/dev/null || echo 0)
  echo "report-$kind: images expected $want, loaded/broken: ${got:-none}; console messages: $console; non-background share of the screenshot: $blank"
  if [ "$want" -lt 2 ] || [ "$got" != "$want 0" ] || [ "$console" != 0 ] || \
     ! "$python" -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0.02 else 1)" "$blank"; then
    echo "test_report: report-$kind FAILED (log: $abs/log-$kind.txt)" >&2
    grep CONSOLE "$abs/log-$kind.txt" >&2 || true
    fails=$((fails + 1))
  fi
done
[ "$fails" = 0 ] && echo "test_report: 2 reports render in $("$browser" --version 2>/dev/null)"
exit "$fails"
