#!/usr/bin/env bash
# Soak (issue 15): the console on a separate sandbox with many requests and a fast dispatch,
# board open, left alone for MINUTES minutes in a tmux session; every minute it prints the
# console's resident memory (VmRSS) and its CPU over that minute (utime+stime delta from
# /proc/PID/stat), and the same for the sandbox process, which is not part of the goal.
# Goal: flat memory after the first load, idle CPU <= 1 %.
#
# With COMPARE set to a second binary, both consoles run side by side on the same sandbox
# in the same minutes (before/after figures from one run): the table gets its columns too.
#
# Usage: scripts/soak.sh
# Env: BIN (target/release/mok-console), COMPARE (unset), MINUTES (30), REQUESTS (100000),
#      PACE (1), COLS ROWS (200 50), PORT (18393), OUT (target/soak)
set -euo pipefail

BIN=${BIN:-target/release/mok-console}
COMPARE=${COMPARE:-}
MINUTES=${MINUTES:-30}
REQUESTS=${REQUESTS-100000}
PACE=${PACE:-1}
COLS=${COLS:-200}
ROWS=${ROWS:-50}
PORT=${PORT:-18393}
OUT=${OUT:-target/soak}
SESSION="mok-soak-$$"
mkdir -p "$OUT"
CONF_DIR=$(mktemp -d)
SANDBOX_PID=""

[ -x "$BIN" ] || { echo "build first: cargo build --release ($BIN missing)" >&2; exit 1; }
[ -z "$COMPARE" ] || [ -x "$COMPARE" ] || { echo "COMPARE=$COMPARE is not an executable" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tmux is required" >&2; exit 1; }

cleanup() {
    tmux kill-server 2>/dev/null || true
    [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null || true
    rm -rf "$CONF_DIR" "$CONF_DIR-b"
}
trap cleanup EXIT
# A server of its own: a `tmux kill-server` elsewhere on the machine must not end the soak.
tmux() { command tmux -L "$SESSION" "$@"; }

# screen [WINDOW]: the console's screen (window "a", or "b" for COMPARE).
screen() { tmux capture-pane -p -t "$SESSION:${1:-a}"; }
wait_for() {
    local deadline=$(( $(date +%s) + $2 ))
    until screen "${3:-a}" | grep -Eq "$1"; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "timed out waiting for /$1/; screen:" >&2
            screen "${3:-a}" >&2
            exit 1
        fi
        sleep 0.2
    done
}

# REQUESTS= (empty) runs on the sandbox's demo data alone (a binary without --requests).
"$BIN" sandbox --port "$PORT" --pace "$PACE" ${REQUESTS:+--requests "$REQUESTS"} >"$OUT/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 600); do grep -q listening "$OUT/sandbox.log" && break; sleep 0.1; done
grep -q listening "$OUT/sandbox.log" || { echo "sandbox did not start:" >&2; cat "$OUT/sandbox.log" >&2; exit 1; }

# The board's freshness line (before the load-aware feed: "Actualizado"/"Updated").
FRESH='Abiertas [0-9]|Open [0-9]|Actualizado [0-9]|Updated [0-9]'

# start_console WINDOW BINARY CONF_DIR: opens BINARY's board in tmux window WINDOW, waits
# for its first load and prints its pid.
start_console() {
    local window=$1 bin=$2 conf=$3 env
    mkdir -p "$conf"
    env="XDG_CONFIG_HOME=$conf XDG_STATE_HOME=$conf XDG_DATA_HOME=$conf HOME=$conf"
    env="$env MOK_BASE_URL=http://127.0.0.1:$PORT MOK_CLIENT_ID=sandbox-client MOK_CLIENT_SECRET=sandbox-secret"
    if [ "$window" = a ]; then
        tmux new-session -d -s "$SESSION" -n a -x "$COLS" -y "$ROWS" "exec env $env $bin"
    else
        tmux new-window -d -t "$SESSION" -n "$window" "exec env $env $bin"
    fi
    wait_for 'conectado|connected' 30 "$window"
    local pane_pid pid
    pane_pid=$(tmux list-panes -t "$SESSION:$window" -F '#{pane_pid}')
    # The pane runs `exec env … BINARY`: its process is the binary, whatever its name;
    # else (a shell kept in between) its child running the binary.
    pid=$pane_pid
    if [ "$(readlink -f /proc/"$pid"/exe)" != "$(readlink -f "$bin")" ]; then
        pid=$(pgrep -P "$pane_pid" | head -1)
    fi
    [ -n "$pid" ] || { echo "no console process under tmux pane $pane_pid" >&2; exit 1; }
    tmux send-keys -t "$SESSION:$window" F5
    wait_for "$FRESH" 300 "$window"
    echo "$pid"
}

PID=$(start_console a "$BIN" "$CONF_DIR")
screen a >"$OUT/capture-start.txt"
PID_B=""
if [ -n "$COMPARE" ]; then
    PID_B=$(start_console b "$COMPARE" "$CONF_DIR-b")
    screen b >"$OUT/capture-start-b.txt"
fi

HZ=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
pct() { echo "scale=2; 100 * $1 / $HZ / $2" | bc; }

{
    echo "soak: $MINUTES min, sandbox --requests ${REQUESTS:-demo} --pace $PACE, board open at ${COLS}x${ROWS}"
    echo "console: $BIN (pid $PID)${COMPARE:+; compared with: $COMPARE (pid $PID_B), same sandbox, same minutes}"
    if [ -n "$COMPARE" ]; then
        echo "| minute | console RSS MiB | console CPU % | compared RSS MiB | compared CPU % | sandbox RSS MiB | sandbox CPU % |"
        echo "|---|---|---|---|---|---|---|"
        echo "| 0 | $(rss_mib "$PID") | - | $(rss_mib "$PID_B") | - | $(rss_mib "$SANDBOX_PID") | - |"
    else
        echo "| minute | console RSS MiB | console CPU % | sandbox RSS MiB | sandbox CPU % |"
        echo "|---|---|---|---|---|"
        echo "| 0 | $(rss_mib "$PID") | - | $(rss_mib "$SANDBOX_PID") | - |"
    fi
} | tee "$OUT/soak.txt"
for m in $(seq "$MINUTES"); do
    c0=$(ticks "$PID"); s0=$(ticks "$SANDBOX_PID"); t0=$(date +%s%N)
    [ -z "$PID_B" ] || b0=$(ticks "$PID_B")
    sleep 60
    c1=$(ticks "$PID"); s1=$(ticks "$SANDBOX_PID"); t1=$(date +%s%N)
    secs=$(echo "scale=3; ($t1 - $t0) / 1000000000" | bc)
    compared=""
    if [ -n "$PID_B" ]; then
        b1=$(ticks "$PID_B")
        compared=" $(rss_mib "$PID_B") | $(pct $((b1 - b0)) "$secs") |"
    fi
    echo "| $m | $(rss_mib "$PID") | $(pct $((c1 - c0)) "$secs") |$compared $(rss_mib "$SANDBOX_PID") | $(pct $((s1 - s0)) "$secs") |" | tee -a "$OUT/soak.txt"
done
screen a >"$OUT/capture-end.txt"
grep -Eq "$FRESH" "$OUT/capture-end.txt" || { echo "board no longer shows its refresh time at the end" >&2; exit 1; }
if [ -n "$PID_B" ]; then
    screen b >"$OUT/capture-end-b.txt"
    grep -Eq "$FRESH" "$OUT/capture-end-b.txt" || { echo "compared board no longer shows its refresh time" >&2; exit 1; }
    tmux send-keys -t "$SESSION:b" q
fi
tmux send-keys -t "$SESSION:a" q
echo "captures: $OUT/capture-{start,end}*.txt"
