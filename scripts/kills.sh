#!/usr/bin/env bash
# Kills (issue 15): the real binary in tmux, killed with SIGTERM or SIGKILL at random
# moments while an agent types into a request form, and while its outbox sends.
#
# Typing rounds: open a new request (DEMO-0001, Fontanería), go to "origin address",
# type a random text key by key (20–120 ms apart) and kill the console at a random
# keystroke, a random 0–400 ms after it. Then read the draft in the console's database and
# restart the console to see it offered again. Expected: after SIGTERM the draft holds
# every key typed and the terminal is restored (no alternate screen, cursor shown, cooked
# mode); after SIGKILL it holds all but at most the last ~second of keys.
#
# Outbox rounds: an item is queued in the database, the sandbox holds the answer to its
# POST for a random 0.2–1.5 s after creating it, and the console is killed 1–3 times at
# random moments (0–2.5 s after start) before a last session sends it. Expected: the
# server holds exactly one request with that external_id.
#
# Usage: scripts/kills.sh
# Env: BIN (target/release/mok-console), ROUNDS (20 typing rounds), OUTBOX_ROUNDS (10),
#      PORT (18394), OUT (target/kills), SEED (random)
set -euo pipefail

BIN=${BIN:-target/release/mok-console}
ROUNDS=${ROUNDS:-20}
OUTBOX_ROUNDS=${OUTBOX_ROUNDS:-10}
PORT=${PORT:-18394}
OUT=${OUT:-target/kills}
RANDOM=${SEED:-$$}
SESSION="mok-kills-$$"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
DATA=$(mktemp -d)
DB="$DATA/mok-console/console.sqlite3"
BASE="http://127.0.0.1:$PORT"
SANDBOX_PID=""

[ -x "$BIN" ] || { echo "build first: cargo build --release ($BIN missing)" >&2; exit 1; }
for tool in tmux sqlite3 curl python3; do
    command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null || true
    rm -rf "$DATA"
}
trap cleanup EXIT

"$BIN" sandbox --port "$PORT" >"$OUT/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 100); do grep -q listening "$OUT/sandbox.log" && break; sleep 0.1; done

ENV="XDG_CONFIG_HOME=$DATA XDG_STATE_HOME=$DATA XDG_DATA_HOME=$DATA HOME=$DATA"
ENV="$ENV MOK_BASE_URL=$BASE MOK_CLIENT_ID=sandbox-client MOK_CLIENT_SECRET=sandbox-secret"

screen() { tmux capture-pane -p -t "$SESSION"; }
wait_for() {
    local deadline=$(( $(date +%s) + $2 ))
    until screen | grep -Eq "$1"; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "timed out waiting for /$1/; screen:" >&2
            screen >&2
            return 1
        fi
        sleep 0.05
    done
}
wait_exit() {
    for _ in $(seq 200); do
        kill -0 "$PID" 2>/dev/null || { sleep 0.3; return 0; }
        sleep 0.05
    done
    echo "console $PID still running 10 s after the signal" >&2
    return 1
}
rand_ms() { echo $(( $1 + RANDOM % ($2 - $1 + 1) )); }
sleep_ms() { sleep "$(printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )))"; }
now_ms() { date +%s%3N; }

# A console in a fresh tmux session; after it exits the shell records the terminal state.
start_console() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    rm -f "$OUT/stty.txt"
    tmux new-session -d -s "$SESSION" -x 120 -y 40 \
        "env $ENV $BIN; echo EXITED-\$?; stty -a > $OUT/stty.txt; sleep 3600"
    wait_for 'conectado|connected' 30
    local pane
    pane=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
    for _ in $(seq 50); do
        PID=$(pgrep -P "$pane" -x mok-console | head -1 || true)
        [ -n "$PID" ] && return 0
        sleep 0.05
    done
    echo "console process not found" >&2
    return 1
}

draft_text() {
    sqlite3 "$DB" "select coalesce(json_extract(json, '\$.values.origin_address'), '') from drafts order by updated_at desc limit 1" 2>/dev/null || true
}

open_form_at_origin() {
    tmux send-keys -t "$SESSION" -l "DEMO-0001"
    tmux send-keys -t "$SESSION" Enter
    wait_for 'contrato\(s\) para|contract\(s\) for' 20
    tmux send-keys -t "$SESSION" Enter
    wait_for 'Servicios|Services' 20
    tmux send-keys -t "$SESSION" j
    sleep 0.2
    tmux send-keys -t "$SESSION" n
    wait_for 'Nueva solicitud .*Fontaner|New request .*Fontaner' 10
    for _ in $(seq 60); do
        screen | grep -Eq '▶ (Dirección de origen|Origin address)' && return 0
        tmux send-keys -t "$SESSION" Tab
        sleep 0.05
    done
    echo "never reached the origin address" >&2
    return 1
}

terminal_restored() {
    local alt cursor
    alt=$(tmux display -p -t "$SESSION" '#{alternate_on}')
    cursor=$(tmux display -p -t "$SESSION" '#{cursor_flag}')
    [ "$alt" = 0 ] && [ "$cursor" = 1 ] && grep -q ' icanon' "$OUT/stty.txt" && grep -q ' echo ' "$OUT/stty.txt"
}

CHARS="abcdefghijklmnopqrstuvwxyz0123456789"
: >"$OUT/typing.txt"
term_rounds=0; kill_rounds=0; term_losses=0; kill_lost_keys=0; kill_max_loss_ms=0; restore_failures=0; offered=0
for round in $(seq "$ROUNDS"); do
    sqlite3 "$DB" "delete from drafts" 2>/dev/null || true
    start_console
    open_form_at_origin
    len=$(rand_ms 8 40)
    text=""
    for _ in $(seq "$len"); do text="$text${CHARS:$(( RANDOM % ${#CHARS} )):1}"; done
    k=$(rand_ms 1 "$len")
    declare -a sent_at=()
    for i in $(seq 0 $(( k - 1 ))); do
        tmux send-keys -t "$SESSION" -l "${text:$i:1}"
        sent_at[$i]=$(now_ms)
        [ "$i" -lt $(( k - 1 )) ] && sleep_ms "$(rand_ms 20 120)"
    done
    moment=$(rand_ms 0 400)
    sleep_ms "$moment"
    if [ $(( round % 2 )) -eq 1 ]; then sig=TERM; else sig=KILL; fi
    killed_at=$(now_ms)
    kill -"$sig" "$PID"
    wait_exit
    typed="${text:0:$k}"
    saved=$(draft_text)
    if [ "${typed:0:${#saved}}" != "$saved" ]; then
        echo "round $round: draft '$saved' is not what was typed ('$typed')" | tee -a "$OUT/typing.txt"
        exit 1
    fi
    lost=$(( k - ${#saved} ))
    lost_ms=0
    if [ "$lost" -gt 0 ]; then lost_ms=$(( killed_at - ${sent_at[${#saved}]} )); fi
    restored=yes
    if [ "$sig" = TERM ]; then
        term_rounds=$((term_rounds + 1))
        term_losses=$((term_losses + lost))
        terminal_restored || { restored=no; restore_failures=$((restore_failures + 1)); }
    else
        kill_rounds=$((kill_rounds + 1))
        kill_lost_keys=$((kill_lost_keys + lost))
        [ "$lost_ms" -gt "$kill_max_loss_ms" ] && kill_max_loss_ms=$lost_ms
        restored=n/a
    fi
    # The next session offers the draft back.
    start_console
    tmux send-keys -t "$SESSION" F3
    sleep 0.5
    if [ -n "$saved" ] && screen | grep -qF "$saved"; then offered=$((offered + 1)); fi
    echo "round $round: SIG$sig after key $k of $len, +${moment} ms; typed '$typed', draft '$saved', lost $lost keys (${lost_ms} ms), terminal restored: $restored" | tee -a "$OUT/typing.txt"
    tmux kill-session -t "$SESSION"
done

# ---- outbox ----
token() {
    curl -s -X POST "$BASE/oauth/token" -H 'content-type: application/json' \
        -d '{"grant_type":"client_credentials","client_id":"sandbox-client","client_secret":"sandbox-secret"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
count_on_server() {
    curl -s "$BASE/api/v1/provider_networks/service_requests?external_id=$1" -H "authorization: Bearer $(token)" |
        python3 -c 'import json,sys,os; print(sum(1 for r in json.load(sys.stdin)["service_requests"] if r.get("external_id")==sys.argv[1]))' "$1"
}
SERVER_KEY="sandbox-client@$BASE"
: >"$OUT/outbox.txt"
outbox_kills=0; outbox_dupes=0; outbox_lost=0
for round in $(seq "$OUTBOX_ROUNDS"); do
    ext=$(python3 -c 'import uuid; print(uuid.uuid4())')
    body=$(printf '{"access_identifier":"DEMO-0001","service_external_id":"SRV-FONTANERIA","external_id":"%s","origin_address":"Calle de Alcalá 45"}' "$ext")
    sqlite3 "$DB" "insert into outbox (server, external_id, body, created_at) values ('$SERVER_KEY', '$ext', '$body', $(now_ms))"
    kills=$(rand_ms 1 3)
    moments=""
    for _ in $(seq "$kills"); do
        curl -s -X POST "$BASE/__sandbox/faults" -H 'content-type: application/json' \
            -d "{\"kind\":\"latency_after_handling\",\"ms\":$(rand_ms 200 1500),\"path_prefix\":\"/api/v1/provider_networks/service_requests\",\"method\":\"POST\",\"times\":1}" >/dev/null
        start_console
        moment=$(rand_ms 0 2500)
        sleep_ms "$moment"
        if [ $(( RANDOM % 2 )) -eq 0 ]; then sig=TERM; else sig=KILL; fi
        kill -"$sig" "$PID" 2>/dev/null || true
        wait_exit
        curl -s -X DELETE "$BASE/__sandbox/faults" >/dev/null
        moments="$moments SIG$sig@${moment}ms"
        outbox_kills=$((outbox_kills + 1))
    done
    # A last session left alone sends what is left.
    start_console
    for _ in $(seq 300); do
        state=$(sqlite3 "$DB" "select state from outbox where external_id = '$ext'")
        [ "$state" = sent ] && break
        sleep 0.1
    done
    tmux kill-session -t "$SESSION"
    n=$(count_on_server "$ext")
    [ "$n" -gt 1 ] && outbox_dupes=$((outbox_dupes + 1))
    [ "$n" -lt 1 ] && outbox_lost=$((outbox_lost + 1))
    echo "outbox round $round: kills$moments; state $state; on the server $n time(s)" | tee -a "$OUT/outbox.txt"
done

echo
echo "typing: $ROUNDS rounds ($term_rounds SIGTERM, $kill_rounds SIGKILL) at random keystrokes and 0-400 ms moments"
echo "  SIGTERM: $term_losses keys lost; terminal not restored $restore_failures time(s)"
echo "  SIGKILL: $kill_lost_keys keys lost in all; the oldest lost key was typed ${kill_max_loss_ms} ms before the kill"
echo "  drafts offered back by the next session: $offered"
echo "outbox: $OUTBOX_ROUNDS items, $outbox_kills kills (SIGTERM/SIGKILL, 0-2.5 s moments): $outbox_dupes sent twice, $outbox_lost lost"
[ "$term_losses" -eq 0 ] && [ "$restore_failures" -eq 0 ] && [ "$outbox_dupes" -eq 0 ] && [ "$outbox_lost" -eq 0 ]
