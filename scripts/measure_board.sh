#!/usr/bin/env bash
# Measures the live board as a supervisor leaves it open, in a tmux session of fixed size:
# opens the board (F5), waits for the first refresh, then, with no input for IDLE_SECS
# seconds (default 60) at the default poll interval (5 s), reports
#   - idle CPU (utime+stime delta from /proc/PID/stat)
#   - frames drawn (from the frame trace the console writes when MOK_TRACE_FRAMES is set)
#   - polls and other actions received, and resident memory (VmRSS)
# and saves a screen capture of the board.
#
# Usage: scripts/measure_board.sh [external|embedded]
#   external (default): a separate `mok-console sandbox` process (PACE s per simulated
#     change, default 5); the TUI is measured alone
#   embedded: `mok-console --sandbox` (the sandbox runs inside the measured process)
# Env: BIN (default target/release/mok-console), COLS ROWS (120 40), IDLE_SECS (60),
#      PACE (5), OUT (captures and trace; default target/measure)
set -euo pipefail

MODE=${1:-external}
BIN=${BIN:-target/release/mok-console}
COLS=${COLS:-120}
ROWS=${ROWS:-40}
IDLE_SECS=${IDLE_SECS:-60}
PACE=${PACE:-5}
OUT=${OUT:-target/measure}
PORT=${PORT:-18392}
SESSION="mok-board-$$"
mkdir -p "$OUT"
TRACE="$(cd "$OUT" && pwd)/frames-board-$MODE.log"
: >"$TRACE"
CONF_DIR=$(mktemp -d) # no config file: the default [board] (poll every 5 s, no webhooks)
SANDBOX_PID=""

[ -x "$BIN" ] || { echo "build first: cargo build --release ($BIN missing)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tmux is required" >&2; exit 1; }

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null || true
    rm -rf "$CONF_DIR"
}
trap cleanup EXIT

screen() { tmux capture-pane -p -t "$SESSION"; }
wait_for() {
    local deadline=$(( $(date +%s) + $2 ))
    until screen | grep -Eq "$1"; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "timed out waiting for /$1/; screen:" >&2
            screen >&2
            exit 1
        fi
        sleep 0.05
    done
}

ENV="XDG_CONFIG_HOME=$CONF_DIR XDG_STATE_HOME=$CONF_DIR XDG_DATA_HOME=$CONF_DIR HOME=$CONF_DIR MOK_TRACE_FRAMES=$TRACE"
ARGS="--sandbox"
if [ "$MODE" = external ]; then
    "$BIN" sandbox --port "$PORT" --pace "$PACE" >"$OUT/sandbox-board.log" 2>&1 &
    SANDBOX_PID=$!
    for _ in $(seq 200); do grep -q listening "$OUT/sandbox-board.log" && break; sleep 0.05; done
    ENV="$ENV MOK_BASE_URL=http://127.0.0.1:$PORT MOK_CLIENT_ID=sandbox-client MOK_CLIENT_SECRET=sandbox-secret"
    ARGS=""
fi

tmux new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" "exec env $ENV $BIN $ARGS"
wait_for 'conectado|connected' 20
PANE_PID=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
PID=$PANE_PID
if [ "$(cat /proc/"$PID"/comm)" != "mok-console" ]; then
    PID=$(pgrep -P "$PANE_PID" -x mok-console | head -1)
fi

tmux send-keys -t "$SESSION" F5
wait_for 'Actualizado [0-9]|Updated [0-9]' 30
sleep 1
screen >"$OUT/capture-board-$MODE.txt"

HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
count() { grep -c "$1" "$TRACE" || true; }
frames0=$(count ' frame '); boards0=$(count ' action Board'); c0=$(cpu_ticks); t0=$(date +%s%N)
sleep "$IDLE_SECS"
c1=$(cpu_ticks); t1=$(date +%s%N); frames1=$(count ' frame '); boards1=$(count ' action Board')
rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$PID/status")
screen >"$OUT/capture-board-after-$MODE.txt"
tmux send-keys -t "$SESSION" q
sleep 0.3

echo "mode:                    $MODE ($COLS×$ROWS, pid $PID, sandbox pace ${PACE}s, poll every 5 s)"
echo "idle CPU over ${IDLE_SECS}s:     $(echo "scale=2; 100 * ($c1 - $c0) / $HZ / (($t1 - $t0) / 1000000000)" | bc) % ($((c1 - c0)) ticks of 1/$HZ s)"
echo "board actions received:  $((boards1 - boards0)) (polls; one per interval)"
echo "frames drawn:            $((frames1 - frames0)) (a poll redraws once; highlights expiring once each)"
echo "resident memory:         $((rss_kb / 1024)) MiB (VmRSS $rss_kb kB)"
echo "captures:                $OUT/capture-board{,-after}-$MODE.txt"
