#!/usr/bin/env bash
# Checks the sandbox against the published contract (../shared/api/openapi.yaml) with
# schemathesis: every operation, response schema and status code conformance (plus
# content types, headers and no server errors), for positive and negative inputs.
#
# Works on a clean machine with Python 3 and network access to PyPI: schemathesis is
# installed into the project's venv (scripts/venv.sh). Bounded in time (MAX_EXAMPLES per
# operation, and a hard TIME_LIMIT). Exits non-zero when any check fails.
#
#   scripts/conformance.sh                 # defaults
#   MAX_EXAMPLES=100 SEED=99 scripts/conformance.sh
#   CHECKS=all scripts/conformance.sh      # every schemathesis check
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SPEC="${MOK_OPENAPI:-$REPO/../shared/api/openapi.yaml}"
if [ ! -f "$SPEC" ] && [ -z "${MOK_OPENAPI:-}" ]; then
  # A git worktree: the shared folder sits beside the main checkout.
  COMMON="$(cd "$REPO" && git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
  [ -n "$COMMON" ] && SPEC="$(dirname "$COMMON")/../shared/api/openapi.yaml"
fi
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
. "$HERE/venv.sh"
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
MAX_EXAMPLES="${MAX_EXAMPLES:-30}"
TIME_LIMIT="${TIME_LIMIT:-420}"
SEED="${SEED:-20261128}"
CHECKS="${CHECKS:-not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,response_headers_conformance}"

[ -f "$SPEC" ] || { echo "error: contract not found at $SPEC" >&2; exit 2; }
SPEC="$(cd "$(dirname "$SPEC")" && pwd)/$(basename "$SPEC")"

# 1. schemathesis, pinned, in the project's venv.
venv_install schemathesis "$SCHEMATHESIS_VERSION" schemathesis

# 2. The sandbox, on a free port, with a long token TTL and the dispatch off (repeatable).
echo "building mok-console" >&2
WORK="$(mktemp -d)"
(cd "$REPO" && cargo build --quiet --bin mok-console)
# Copied at once: a shared CARGO_TARGET_DIR may be rebuilt by another checkout meanwhile.
cp "$TARGET/debug/mok-console" "$WORK/mok-console"
BIN="$WORK/mok-console"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$BIN" sandbox --port "$PORT" --pace 0 --token-ttl 86400 >"$WORK/sandbox.out" 2>"$WORK/sandbox.log" &
SANDBOX_PID=$!
cleanup() {
  kill "$SANDBOX_PID" 2>/dev/null || true
  wait "$SANDBOX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  grep -q "^listening on http://127.0.0.1:$PORT" "$WORK/sandbox.out" 2>/dev/null && break
  kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$WORK/sandbox.log" >&2; echo "error: the sandbox did not start" >&2; exit 2; }
  sleep 0.1
done
BASE="http://127.0.0.1:$PORT"

# 3. A bearer token.
TOKEN="$(curl -fsS -X POST "$BASE/oauth/token" -H 'Content-Type: application/json' \
  -d '{"grant_type":"client_credentials","client_id":"sandbox-client","client_secret":"sandbox-secret","scope":"provider_networks"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

# 4. schemathesis against every operation.
set +e
# Run from the temp dir: schemathesis keeps a cache (.schemathesis/) in the working directory.
cd "$WORK"
timeout --signal=INT "$TIME_LIMIT" "$VENV/bin/schemathesis" run "$SPEC" \
  --url "$BASE" \
  --header "Authorization: Bearer $TOKEN" \
  --header "X-Admin-User-Email: admin@sandbox.test" \
  --header "X-Admin-User-Token: sandbox-admin-token" \
  --checks "$CHECKS" \
  --max-examples "$MAX_EXAMPLES" \
  --seed "$SEED" \
  --workers 1 \
  --request-timeout 10 \
  --no-color \
  --report-dir "$WORK/report" >"$WORK/schemathesis.txt" 2>&1
STATUS=$?
set -e
cat "$WORK/schemathesis.txt"
if [ "$STATUS" -eq 124 ]; then
  echo "error: schemathesis went over ${TIME_LIMIT}s" >&2
fi
# One summary line: operations tested, test cases, and schemathesis' own closing line.
SELECTED="$(grep -E '^  Selected: ' "$WORK/schemathesis.txt" | tail -1 | sed 's/^ *Selected: //')"
TESTED="$(grep -E '^  Tested: ' "$WORK/schemathesis.txt" | tail -1 | sed 's/^ *Tested: //')"
CASES="$(grep -E '^  [0-9]+ generated' "$WORK/schemathesis.txt" | tail -1 | sed 's/^ *//')"
LAST="$(grep -E '^=+ .* in [0-9.]+s =+$' "$WORK/schemathesis.txt" | tail -1 | sed -E 's/^=+ //; s/ =+$//')"
echo "conformance: ${TESTED:-0} operations tested (selected ${SELECTED:-?}); ${CASES:-no test cases}; ${LAST:-no summary} (exit $STATUS)"
exit "$STATUS"
