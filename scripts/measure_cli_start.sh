#!/usr/bin/env bash
# The CLI's cold start (issue 13): a headless lookup — token + contract search, `--json` —
# against a standalone sandbox on loopback, compared with curl doing the same two requests.
# Goal: mok-console ≤ 1.2 × curl.
#
# hyperfine cannot interleave commands, so it runs ROUNDS times over every command (each
# round ROUNDS_RUNS runs per command after a warm-up): a machine getting busier or quieter
# mid-way touches every command alike. Means and medians are pooled over the rounds.
#
# Usage: scripts/measure_cli_start.sh
# Env: BIN (default target/release/mok-console, also runs the sandbox)
#      BEFORE (optional: another build to compare, e.g. /work/notes/mok-console.before)
#      ROUNDS (5), RUNS (20), OUT (default target/measure)
# Needs: hyperfine, curl, python3.
set -euo pipefail

BIN=${BIN:-target/release/mok-console}
BEFORE=${BEFORE:-}
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-20}
OUT=${OUT:-target/measure}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

[ -x "$BIN" ] || { echo "build first: cargo build --release ($BIN missing)" >&2; exit 1; }
for tool in hyperfine curl python3; do
    command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

WORK=$(mktemp -d)
SANDBOX_PID=""
cleanup() {
    [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# The sandbox alone, on a free port, with no simulated dispatch (a quiet server).
"$BIN" sandbox --port 0 --pace 0 >"$WORK/sandbox.out" 2>"$WORK/sandbox.err" &
SANDBOX_PID=$!
for _ in $(seq 100); do
    grep -q "listening on" "$WORK/sandbox.out" 2>/dev/null && break
    sleep 0.05
done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.out" | head -1)
[ -n "$URL" ] || { echo "the sandbox did not start:" >&2; cat "$WORK/sandbox.err" >&2; exit 1; }

# What a user has: a config file, a data dir and a log dir of their own.
cat >"$WORK/config.toml" <<EOF
[api]
base_url = "$URL"
client_id = "sandbox-client"
client_secret = "sandbox-secret"
EOF
chmod 600 "$WORK/config.toml"
export XDG_STATE_HOME="$WORK/state" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"
unset MOK_BASE_URL MOK_CLIENT_ID MOK_CLIENT_SECRET MOK_ADMIN_EMAIL MOK_ADMIN_TOKEN

# The same two requests with curl, as a script would make them (token, then the search).
cat >"$WORK/curl_lookup.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
answer=\$(curl -sS -X POST "$URL/oauth/token" -H 'Content-Type: application/json' \\
  -d '{"grant_type":"client_credentials","client_id":"sandbox-client","client_secret":"sandbox-secret","scope":"provider_networks"}')
token=\${answer#*\"access_token\":\"}
token=\${token%%\"*}
curl -sS -f "$URL/api/v1/provider_networks/contracts?access_identifier=DEMO-0001" \\
  -H 'Accept: application/json' -H "Authorization: Bearer \$token"
EOF
chmod +x "$WORK/curl_lookup.sh"

LOOKUP=(--config "$WORK/config.toml" --json contracts search --access-identifier DEMO-0001)
# Both must answer before anything is timed.
"$WORK/curl_lookup.sh" | grep -q DEMO-0001 || { echo "curl lookup failed" >&2; exit 1; }
"$BIN" "${LOOKUP[@]}" | grep -q DEMO-0001 || { echo "mok-console lookup failed" >&2; exit 1; }

NAMES=(curl after)
CMDS=("$WORK/curl_lookup.sh" "$BIN ${LOOKUP[*]}")
if [ -n "$BEFORE" ]; then
    [ -x "$BEFORE" ] || { echo "BEFORE=$BEFORE is not executable" >&2; exit 1; }
    "$BEFORE" "${LOOKUP[@]}" | grep -q DEMO-0001 || { echo "before: lookup failed" >&2; exit 1; }
    NAMES+=(before)
    CMDS+=("$BEFORE ${LOOKUP[*]}")
fi

ARGS=(-N --warmup 5 --runs "$RUNS" --style none)
for i in "${!CMDS[@]}"; do
    ARGS+=(-n "${NAMES[$i]}" "${CMDS[$i]}")
done
for round in $(seq "$ROUNDS"); do
    echo "round $round of $ROUNDS…" >&2
    hyperfine "${ARGS[@]}" --export-json "$OUT/cli_start_round$round.json" >/dev/null
done

python3 - "$OUT" "$ROUNDS" <<'EOF'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
times = {}
for r in range(1, rounds + 1):
    for res in json.load(open(f"{out}/cli_start_round{r}.json"))["results"]:
        times.setdefault(res["command"], []).extend(res["times"])
ms = lambda s: s * 1000
print(f"{'command':8} {'runs':>5} {'mean ms':>8} {'median':>8} {'min':>7} {'stddev':>7}")
for name, t in times.items():
    print(f"{name:8} {len(t):5} {ms(statistics.mean(t)):8.1f} {ms(statistics.median(t)):8.1f} "
          f"{ms(min(t)):7.1f} {ms(statistics.stdev(t)):7.1f}")
curl = statistics.mean(times["curl"])
for name in ("before", "after"):
    if name in times:
        t = times[name]
        print(f"{name}/curl: {statistics.mean(t) / curl:.2f}× by mean, "
              f"{statistics.median(t) / statistics.median(times['curl']):.2f}× by median")
after = statistics.mean(times["after"]) / curl
print(f"goal ≤ 1.20×: {'met' if after <= 1.2 else 'NOT met'} ({after:.2f}×)")
EOF
