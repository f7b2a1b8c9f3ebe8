#!/usr/bin/env bash
# The team relay (issue 17) at contact-center scale, measured with the real binaries:
# `mok-console sandbox --requests N` (default 100,000; its dispatch stopped, so the only
# changes are ours) behind a counting proxy (examples/counting_proxy.rs), a real
# `nats-server -js`, one `mok-console relay` (the default 5 s board interval, with [webhook]:
# the sandbox pushes each change to it), and for each WATCHERS count (default "1 10 50")
# that many board watchers: separate processes of examples/relay_watch.rs, which run the
# console's own relay watcher into the console's board model (no terminal). Per count:
#   - MOK requests per minute over WINDOW seconds (every request through the proxy: only
#     the relay talks to MOK; the changes below go to the sandbox directly)
#   - time for every watcher to hold the full snapshot
#   - CHANGES status changes made on MOK (PATCH, straight to the sandbox), spread over the
#     window: the time from sending each change to each watcher showing it, p50/p99
#     over every (change, watcher) pair, and p50/p99 of the time until *every* watcher shows it
#   - each watcher's resident memory (VmRSS: min / median / max), and the relay's
#
# Usage: scripts/measure_relay.sh
# Env: N (100000), WATCHERS ("1 10 50"), WINDOW (60), CHANGES (30), BIN
#      (target/release/mok-console), WATCH_BIN (target/release/examples/relay_watch),
#      PROXY_BIN (target/release/examples/counting_proxy), OUT (target/measure)
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-100000}
WATCHERS=${WATCHERS:-"1 10 50"}
WINDOW=${WINDOW:-60}
CHANGES=${CHANGES:-30}
BIN=${BIN:-target/release/mok-console}
WATCH_BIN=${WATCH_BIN:-target/release/examples/relay_watch}
PROXY_BIN=${PROXY_BIN:-target/release/examples/counting_proxy}
OUT=${OUT:-target/measure}
for b in "$BIN" "$WATCH_BIN" "$PROXY_BIN"; do
    [ -x "$b" ] || { echo "build first: cargo build --release --bin mok-console --example relay_watch --example counting_proxy ($b missing)" >&2; exit 1; }
done
NATS=$(bash scripts/install_nats.sh)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
SPORT=$(free_port); PPORT=$(free_port); HPORT=$(free_port); NPORT=$(free_port)
PIDS=()
WATCH_PIDS=()
cleanup() {
    for p in "${WATCH_PIDS[@]}" "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
wait_line() { # FILE REGEX SECS
    local deadline=$(( $(date +%s) + $3 ))
    until grep -Eq "$2" "$1" 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for /$2/ in $1:" >&2; tail -5 "$1" >&2; exit 1; }
        sleep 0.2
    done
}
rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

"$NATS" -js -a 127.0.0.1 -p "$NPORT" -sd "$WORK/nats" >"$WORK/nats.log" 2>&1 &
PIDS+=($!)
"$BIN" sandbox --port "$SPORT" --requests "$N" --pace 0 --token-ttl 86400 \
    --webhook-url "http://127.0.0.1:$HPORT/webhooks" --webhook-secret relay-measure >"$WORK/sandbox.log" 2>&1 &
PIDS+=($!)
wait_line "$WORK/sandbox.log" '^listening' 600
"$PROXY_BIN" "$PPORT" "http://127.0.0.1:$SPORT" "$WORK/proxy.log" >"$WORK/proxy.out" 2>&1 &
PIDS+=($!)
cat >"$WORK/relay.toml" <<TOML
[api]
base_url = "http://127.0.0.1:$PPORT"
client_id = "sandbox-client"
client_secret = "sandbox-secret"

[webhook]
listen = "127.0.0.1:$HPORT"
secret = "relay-measure"

[relay]
url = "nats://127.0.0.1:$NPORT"
TOML
chmod 600 "$WORK/relay.toml"
export XDG_CONFIG_HOME="$WORK" XDG_STATE_HOME="$WORK" XDG_DATA_HOME="$WORK" HOME="$WORK"
t0=$(now_ms)
"$BIN" relay --config "$WORK/relay.toml" 2>"$WORK/relay.log" &
RELAY_PID=$!
PIDS+=($RELAY_PID)
wait_line "$WORK/relay.log" "published .*\([0-9]+ requests\)" 900
# The sandbox's demo requests come on top of the N generated ones.
TOTAL=$(grep -Eo '\([0-9]+ requests\)' "$WORK/relay.log" | head -1 | tr -dc 0-9)
echo "relay: the bucket holds all $TOTAL requests after $(( ($(now_ms) - t0) / 1000 )) s"

# Requests to change: open ones, straight from the sandbox (not through the proxy).
MOK_BASE_URL="http://127.0.0.1:$SPORT" "$BIN" requests list --status pending --page-size 100 --json \
    --config "$WORK/relay.toml" >"$WORK/pending.json"
python3 - "$WORK/pending.json" >"$WORK/ids" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
items = doc if isinstance(doc, list) else next(v for v in doc.values() if isinstance(v, list))
print("\n".join(str(i["id"]) for i in items if i.get("id") is not None))
PY
mapfile -t IDS <"$WORK/ids"
[ "${#IDS[@]}" -gt 0 ] || { echo "no pending requests to change" >&2; exit 1; }
NEXT=0

echo "sandbox --requests $N (pace 0), relay with webhooks and the default 5 s interval; window ${WINDOW}s, $CHANGES changes per run"
printf '%-9s %-11s %-13s %-26s %-26s %-24s %s\n' watchers "MOK req/min" "snapshot (s)" "change→watcher p50/p99 ms" "change→every watcher p50/p99" "watcher RSS MiB min/med/max" "relay RSS MiB"
for n in $WATCHERS; do
    WATCH_PIDS=()
    for i in $(seq 1 "$n"); do
        "$WATCH_BIN" "nats://127.0.0.1:$NPORT" >"$WORK/watch-$n-$i.log" 2>&1 &
        WATCH_PIDS+=($!)
    done
    s0=$(now_ms)
    for i in $(seq 1 "$n"); do wait_line "$WORK/watch-$n-$i.log" "^snapshot [0-9]+ $TOTAL " 900; done
    snap=$(echo "scale=1; ($(now_ms) - $s0) / 1000" | bc)
    sleep 2
    w0=$(now_ms)
    # The changes, with a token fetched once, timed right around each PATCH (a CLI process
    # per change would add its own start-up to every figure).
    python3 - "http://127.0.0.1:$SPORT" "$WORK/ids" "$NEXT" "$CHANGES" "$WINDOW" >"$WORK/changes-$n" <<'PY'
import json, sys, time, urllib.request
base, ids_file, start, count, window = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
ids = open(ids_file).read().split()
def call(method, path, body, token=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)
token = call("POST", "/oauth/token", {"grant_type": "client_credentials", "client_id": "sandbox-client",
             "client_secret": "sandbox-secret", "scope": "provider_networks"})["access_token"]
statuses = ["assigned", "in_progress", "pending"]
for k in range(count):
    n = start + k
    rid, status = ids[n % len(ids)], statuses[(n // len(ids)) % 3]
    t0 = time.time()
    call("PATCH", f"/api/v1/provider_networks/service_requests/{rid}", {"service_request": {"current_status": status}}, token)
    t1 = time.time()
    print(int(t0 * 1000), int(t1 * 1000), rid, status, flush=True)
    time.sleep(max(0.0, window / count - (time.time() - t0)))
PY
    NEXT=$((NEXT + CHANGES))
    left=$(( w0 + WINDOW * 1000 - $(now_ms) ))
    [ "$left" -gt 0 ] && sleep "$(echo "scale=3; $left / 1000" | bc)"
    w1=$(now_ms)
    sleep 1
    reqs=$(awk -v a="$w0" -v b="$w1" '$1 >= a && $1 < b' "$WORK/proxy.log" | wc -l)
    rpm=$(echo "scale=0; $reqs * 60000 / ($w1 - $w0)" | bc)
    rss=$(for p in "${WATCH_PIDS[@]}"; do rss_kb "$p"; done | sort -n)
    rss_line=$(echo "$rss" | awk '{ a[NR] = $1 } END { printf "%.1f / %.1f / %.1f", a[1] / 1024, a[int((NR + 1) / 2)] / 1024, a[NR] / 1024 }')
    relay_rss=$(echo "scale=1; $(rss_kb "$RELAY_PID") / 1024" | bc)
    lat=$(python3 - "$WORK/changes-$n" "$WORK"/watch-"$n"-*.log <<'PY'
import sys
changes = [l.split() for l in open(sys.argv[1])]
rtt = sorted(int(b) - int(a) for a, b, _, _ in changes)
watchers = []
for path in sys.argv[2:]:
    seen = {}
    for l in open(path):
        p = l.split()
        if p[0] == "change":
            seen.setdefault((p[2], p[3]), []).append(int(p[1]))
    watchers.append(seen)
pairs, every, missing = [], [], 0
for t, _, rid, status in changes:
    t = int(t)
    worst = None
    for seen in watchers:
        times = [x for x in seen.get((rid, status), []) if x >= t - 5000]
        if not times:
            missing += 1
            continue
        d = min(times) - t
        pairs.append(d)
        worst = d if worst is None else max(worst, d)
    if worst is not None:
        every.append(worst)
def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else float("nan")
print(f"{pct(pairs, .5)} / {pct(pairs, .99)}|{pct(every, .5)} / {pct(every, .99)}|{missing}|{pct(rtt, .5)}")
PY
)
    IFS='|' read -r lat_pair lat_every missing rtt <<<"$lat"
    printf '%-9s %-11s %-13s %-26s %-26s %-24s %s\n' "$n" "$rpm" "$snap" "$lat_pair" "$lat_every" "$rss_line" "$relay_rss"
    [ "$missing" = 0 ] || echo "  ($missing change/watcher pairs never seen)"
    echo "  (latency from the moment each PATCH was sent to MOK; its answer took $rtt ms, p50)"
    for p in "${WATCH_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait "${WATCH_PIDS[@]}" 2>/dev/null || true
    WATCH_PIDS=()
done
cp "$WORK/relay.log" "$OUT/relay-measure.log"
echo "relay log: $OUT/relay-measure.log"
