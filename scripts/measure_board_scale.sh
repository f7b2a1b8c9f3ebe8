#!/usr/bin/env bash
# The board at contact-center scale (issue 12), measured the way a supervisor runs it: the
# real console binary, in a tmux session of 200×50, against `mok-console sandbox --requests N`
# (default 100,000; about 5 % open; its dispatch moving requests every PACE s) through a
# counting proxy (examples/counting_proxy.rs). The board (F5) is opened and left alone at
# the default 5 s poll. For each binary it prints
#   - time to the first complete board (F5 → the table's total reaches N)
#   - API requests per minute over WINDOW seconds after that (no input)
#   - the same with the rare sweep of every page amortised (pages of the first load ×
#     60 / SWEEP_SECS, for a binary that sweeps; SWEEP_SECS=0 for one that does not)
#   - resident memory (VmRSS) after the full load and at the end, and its peak (VmHWM)
#   - idle CPU over the window (utime+stime from /proc/PID/stat)
#
# Usage: scripts/measure_board_scale.sh LABEL=BIN[:SWEEP_SECS] ...
#   e.g. scripts/measure_board_scale.sh before=target/baseline/mok-console-before:0 \
#                                       after=target/release/mok-console:600
# Env: N (100000), PACE (5), WINDOW (60), SANDBOX_BIN (target/release/mok-console: the
#      sandbox must know --requests), PROXY_BIN (target/release/examples/counting_proxy),
#      OUT (target/measure)
set -euo pipefail

N=${N:-100000}
PACE=${PACE:-5}
WINDOW=${WINDOW:-60}
SANDBOX_BIN=${SANDBOX_BIN:-target/release/mok-console}
PROXY_BIN=${PROXY_BIN:-target/release/examples/counting_proxy}
OUT=${OUT:-target/measure}
SPORT=${SPORT:-18411}
PPORT=${PPORT:-18412}
COLS=200
ROWS=50
mkdir -p "$OUT"

[ -x "$SANDBOX_BIN" ] || { echo "build first: cargo build --release ($SANDBOX_BIN)" >&2; exit 1; }
[ -x "$PROXY_BIN" ] || { echo "build first: cargo build --release --example counting_proxy" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tmux is required" >&2; exit 1; }
[ $# -ge 1 ] || { sed -n '2,20p' "$0"; exit 2; }

SESSION=""
SANDBOX_PID=""
PROXY_PID=""
CONF_DIR=""
stop_all() {
    [ -n "$SESSION" ] && tmux kill-session -t "$SESSION" 2>/dev/null || true
    [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
    [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null || true
    [ -n "$CONF_DIR" ] && rm -rf "$CONF_DIR"
    SESSION="" PROXY_PID="" SANDBOX_PID="" CONF_DIR=""
}
trap stop_all EXIT

screen() { tmux capture-pane -p -t "$SESSION"; }
wait_for() {
    local deadline=$(( $(date +%s) + $2 ))
    until screen | grep -Eq "$1"; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "timed out waiting for /$1/; screen:" >&2
            screen >&2
            exit 1
        fi
        sleep 0.1
    done
}
now_ms() { date +%s%3N; }
lines_between() { awk -v a="$2" -v b="$3" '$1 >= a && $1 < b' "$1" | wc -l; }
HZ=$(getconf CLK_TCK)

run_one() {
    local label=$1 bin=$2 sweep_secs=$3
    [ -x "$bin" ] || { echo "$label: $bin is not executable" >&2; exit 1; }
    local proxy_log="$OUT/proxy-$label.log"
    "$SANDBOX_BIN" sandbox --port "$SPORT" --requests "$N" --pace "$PACE" >"$OUT/sandbox-$label.log" 2>&1 &
    SANDBOX_PID=$!
    for _ in $(seq 1200); do grep -q listening "$OUT/sandbox-$label.log" && break; sleep 0.1; done
    grep -q listening "$OUT/sandbox-$label.log" || { echo "sandbox did not start" >&2; exit 1; }
    "$PROXY_BIN" "$PPORT" "http://127.0.0.1:$SPORT" "$proxy_log" >"$OUT/proxy-$label.out" 2>&1 &
    PROXY_PID=$!
    sleep 0.5
    CONF_DIR=$(mktemp -d) # no config file: the default board (5 s poll), no [webhook]
    SESSION="mok-scale-$label-$$"
    local env="XDG_CONFIG_HOME=$CONF_DIR XDG_STATE_HOME=$CONF_DIR XDG_DATA_HOME=$CONF_DIR HOME=$CONF_DIR"
    env="$env MOK_BASE_URL=http://127.0.0.1:$PPORT MOK_CLIENT_ID=sandbox-client MOK_CLIENT_SECRET=sandbox-secret"
    tmux new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" "exec env $env $bin"
    wait_for 'conectado|connected' 30
    local pid # the pane's process is the console (exec env exec's it)
    pid=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')

    local t0 t1 load_pages
    t0=$(now_ms)
    tmux send-keys -t "$SESSION" F5
    # The table's title: "{shown} de|of {total} · orden|sort: …"; complete at N.
    local deadline=$(( $(date +%s) + 900 )) total=0
    while [ "$total" -lt "$N" ]; do
        total=$(screen | grep -oE "[0-9]+ (de|of) [0-9]+ · (orden|sort)" | awk '{ print $3 }' | head -1)
        total=${total:-0}
        [ "$(date +%s)" -lt "$deadline" ] || { echo "no complete board; screen:" >&2; screen >&2; exit 1; }
        sleep 0.1
    done
    t1=$(now_ms)
    load_pages=$(lines_between "$proxy_log" "$t0" "$t1")
    sleep 2
    local rss_full c0 w0 w1 c1 rss_end hwm reqs
    rss_full=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
    c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    w0=$(now_ms)
    sleep "$WINDOW"
    w1=$(now_ms)
    c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    rss_end=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
    hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
    reqs=$(lines_between "$proxy_log" "$w0" "$w1")
    screen >"$OUT/capture-scale-$label.txt"
    local secs rpm amortised cpu
    secs=$(echo "scale=3; ($w1 - $w0) / 1000" | bc)
    rpm=$(echo "scale=0; $reqs * 60 / $secs" | bc)
    if [ "$sweep_secs" -gt 0 ]; then
        amortised=$(echo "scale=0; $rpm + $load_pages * 60 / $sweep_secs" | bc)
    else
        amortised=$rpm
    fi
    cpu=$(echo "scale=2; 100 * ($c1 - $c0) / $HZ / $secs" | bc)
    echo "== $label: $bin (sandbox --requests $N --pace $PACE; ${COLS}×${ROWS}; window ${WINDOW}s)"
    echo "time to first complete board:  $(echo "scale=2; ($t1 - $t0) / 1000" | bc) s ($load_pages API requests)"
    echo "API requests per minute:       $rpm in the window; $amortised with the sweep amortised (every ${sweep_secs}s)"
    echo "resident memory:               $((rss_full / 1024)) MiB after the full load, $((rss_end / 1024)) MiB at the end, peak $((hwm / 1024)) MiB"
    echo "idle CPU over the window:      $cpu % ($((c1 - c0)) ticks of 1/$HZ s)"
    echo "capture:                       $OUT/capture-scale-$label.txt"
    tmux send-keys -t "$SESSION" q
    sleep 0.5
    stop_all
}

for spec in "$@"; do
    label=${spec%%=*}
    rest=${spec#*=}
    bin=${rest%%:*}
    sweep=0
    [ "$rest" != "$bin" ] && sweep=${rest#*:}
    run_one "$label" "$bin" "$sweep"
    # Fresh ports for the next run: the last ones linger in TIME_WAIT.
    SPORT=$((SPORT + 2))
    PPORT=$((PPORT + 2))
done
