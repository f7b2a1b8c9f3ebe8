#!/usr/bin/env bash
# Measures the TUI as a user runs it, in a tmux session of fixed size:
#   - time to first frame (launch → header on screen) and to "connected"
#   - key-to-frame latency of a search (Enter → first frame showing the results), from the
#     frame trace the console writes when MOK_TRACE_FRAMES names a file
#   - idle CPU over IDLE_SECS seconds (utime+stime delta from /proc/PID/stat)
#   - resident memory (VmRSS)
# and saves screen captures of the lookup result and the limits view.
#
# Usage: scripts/measure_tui.sh [embedded|external]
#   embedded (default): `mok-console --sandbox` (the sandbox runs inside the measured process)
#   external: a separate `mok-console sandbox --pace 0` process; the TUI is measured alone
# Env: BIN (default target/release/mok-console), COLS ROWS (120 40), IDLE_SECS (30),
#      OUT (directory for captures and the trace; default target/measure)
set -euo pipefail

MODE=${1:-embedded}
BIN=${BIN:-target/release/mok-console}
COLS=${COLS:-120}
ROWS=${ROWS:-40}
IDLE_SECS=${IDLE_SECS:-30}
OUT=${OUT:-target/measure}
PORT=${PORT:-18391}
SESSION="mok-measure-$$"
mkdir -p "$OUT"
TRACE="$(cd "$OUT" && pwd)/frames-$MODE.log"
: >"$TRACE"
CONF_DIR=$(mktemp -d) # no config file: nothing configured but what this script sets
SANDBOX_PID=""

[ -x "$BIN" ] || { echo "build first: cargo build --release ($BIN missing)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tmux is required" >&2; exit 1; }

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null || true
    rm -rf "$CONF_DIR"
}
trap cleanup EXIT

now_ns() { date +%s%N; }
screen() { tmux capture-pane -p -t "$SESSION"; }
# wait_for REGEX TIMEOUT_SECS: polls the screen until it matches
wait_for() {
    local deadline=$(( $(date +%s) + $2 ))
    until screen | grep -Eq "$1"; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "timed out waiting for /$1/; screen:" >&2
            screen >&2
            exit 1
        fi
        sleep 0.005
    done
}

ENV="XDG_CONFIG_HOME=$CONF_DIR XDG_STATE_HOME=$CONF_DIR XDG_DATA_HOME=$CONF_DIR HOME=$CONF_DIR MOK_TRACE_FRAMES=$TRACE LANG=es_ES.UTF-8"
ARGS="--sandbox"
if [ "$MODE" = external ]; then
    "$BIN" sandbox --port "$PORT" --pace 0 >"$OUT/sandbox.log" 2>&1 &
    SANDBOX_PID=$!
    for _ in $(seq 200); do grep -q listening "$OUT/sandbox.log" && break; sleep 0.05; done
    ENV="$ENV MOK_BASE_URL=http://127.0.0.1:$PORT MOK_CLIENT_ID=sandbox-client MOK_CLIENT_SECRET=sandbox-secret"
    ARGS=""
fi

t_launch=$(now_ns)
tmux new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" "exec env $ENV $BIN $ARGS"
wait_for 'Consola MOK|MOK console' 20
t_first=$(now_ns)
wait_for 'conectado|connected' 20
t_connected=$(now_ns)

PANE_PID=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
PID=$PANE_PID
if [ "$(cat /proc/"$PID"/comm)" != "mok-console" ]; then
    PID=$(pgrep -P "$PANE_PID" -x mok-console | head -1)
fi

# Search: type the demo identifier, then time Enter → the frame showing the results.
tmux send-keys -t "$SESSION" -l 'DEMO-0001'
sleep 0.5
t_enter=$(now_ns)
tmux send-keys -t "$SESSION" Enter
wait_for 'contrato\(s\)|contract\(s\)' 20
t_results=$(now_ns)
screen >"$OUT/capture-results-$MODE.txt"

# From the trace: the Enter key, then the first frame after the search's answer.
trace_key_to_frame_ms="?"; trace_draw_us="?"
read -r trace_key_to_frame_ms trace_draw_us < <(awk '
    $2 == "key" && $3 == "Enter" { enter = $1; answered = 0 }
    $2 == "action" && $3 == "ContractsLoaded" && enter { answered = 1 }
    $2 == "frame" && answered && !done { printf "%.1f %s\n", ($1 - enter) / 1000, $4; done = 1 }
 ' "$TRACE") || true

# Open the active contract and show the limits of its services.
tmux send-keys -t "$SESSION" Enter
wait_for 'Servicios|Services' 10
sleep 0.3
screen >"$OUT/capture-limits-$MODE.txt"
tmux send-keys -t "$SESSION" j
sleep 0.3
screen >"$OUT/capture-limits-tiers-$MODE.txt"

# Idle: no input for IDLE_SECS seconds.
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
frames_before=$(grep -c ' frame ' "$TRACE" || true)
c0=$(cpu_ticks); t0=$(now_ns)
sleep "$IDLE_SECS"
c1=$(cpu_ticks); t1=$(now_ns)
frames_after=$(grep -c ' frame ' "$TRACE" || true)
rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$PID/status")
hwm_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$PID/status")

tmux send-keys -t "$SESSION" q
sleep 0.3

ms() { echo "scale=1; ($1) / 1000000" | bc; }
echo "mode:                      $MODE ($COLS×$ROWS, pid $PID)"
echo "time to first frame:       $(ms "$t_first - $t_launch") ms (launch → header on screen, tmux polling)"
echo "time to connected:         $(ms "$t_connected - $t_launch") ms (header says connected: me answered)"
echo "search Enter → results:    $(ms "$t_results - $t_enter") ms (tmux send-keys → results on screen)"
echo "search key → frame:        ${trace_key_to_frame_ms:-?} ms (frame trace: Enter read → results frame drawn; draw took ${trace_draw_us:-?} µs)"
echo "idle CPU over ${IDLE_SECS}s:       $(echo "scale=2; 100 * ($c1 - $c0) / $HZ / (($t1 - $t0) / 1000000000)" | bc) % ($((c1 - c0)) ticks of 1/$HZ s)"
echo "frames drawn while idle:   $((frames_after - frames_before))"
echo "resident memory:           $((rss_kb / 1024)) MiB (VmRSS $rss_kb kB; peak VmHWM $hwm_kb kB)"
echo "captures:                  $OUT/capture-{results,limits,limits-tiers}-$MODE.txt"
