#!/usr/bin/env bash
# Measures `admin contracts import` of a generated CSV against the embedded sandbox
# (release build): wall time and peak memory (RSS) of the whole process, sandbox included.
#
#   scripts/measure_import.sh [ROWS]      (default 10000)
#
# Uses /usr/bin/time -v when present, else polls /proc/PID/status for VmHWM.
set -euo pipefail
ROWS="${1:-10000}"
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target}"
cargo build --release --quiet
BIN="$CARGO_TARGET_DIR/release/mok-console"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
CSV="$WORK/contracts.csv"
# A plan code the sandbox knows, from its own plan list.
PLAN="$("$BIN" plans --sandbox --json | python3 -c 'import json,sys; d=json.load(sys.stdin); p=d.get("plans",d) if isinstance(d,dict) else d; print(p[0]["code"])')"
python3 - "$CSV" "$ROWS" "$PLAN" <<'PY'
import sys
path, rows, plan = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    f.write("application_code,access_identifier,first_name,surname,email,mobile_phone_number,start_date,end_date,active\n")
    for i in range(1, rows + 1):
        f.write(f"{plan},BULK-{i:06d},Nombre{i},Apellido{i},c{i}@example.com,+3461{i:07d},2025-01-01,2027-12-31,true\n")
PY
echo "rows: $ROWS  plan: $PLAN  file: $(du -h "$CSV" | cut -f1)"
CONFIG="$WORK/config.toml"
printf '[ui]\nlanguage = "en"\n' > "$CONFIG"
run() { "$BIN" --config "$CONFIG" admin contracts import "$CSV" --sandbox; }
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$BIN" --config "$CONFIG" admin contracts import "$CSV" --sandbox 2> "$WORK/time.txt" | tail -3
  grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$WORK/time.txt"
else
  start=$(date +%s.%N)
  run & pid=$!
  peak=0
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
    sleep 0.05
  done
  wait "$pid" || true
  end=$(date +%s.%N)
  echo "wall: $(echo "$end - $start" | bc) s   peak RSS (VmHWM): ${peak} kB"
fi
