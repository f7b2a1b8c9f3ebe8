#!/usr/bin/env bash
# The long runs of issue 15's proofs (CI runs the same tests with small counts):
# property tests with PROPTEST_CASES cases per target, the random-key storm with
# STORM_SEEDS × STORM_EVENTS, the webhook flood with FLOOD_DELIVERIES, the outbox kill
# rounds, then scripts/kills.sh on the real binary. Prints each figure; logs go to OUT.
#
# Usage: scripts/hardening_long.sh
# Env: PROPTEST_CASES (20000; network and rendering targets get a tenth), STORM_SEEDS (10),
#      STORM_EVENTS (5000), FLOOD_DELIVERIES (100000), FLOOD_CONCURRENCY (128),
#      KILL_ROUNDS (40), BIN for kills.sh (target/release/mok-console), OUT (target/hardening)
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${PROPTEST_CASES:-20000}
OUT=${OUT:-target/hardening}
mkdir -p "$OUT"

run() {
    local name=$1; shift
    local started=$SECONDS
    echo "== $name: $*" | tee "$OUT/$name.log"
    env "$@" cargo test --locked -q --test "$name" -- --nocapture >>"$OUT/$name.log" 2>&1 ||
        { echo "FAILED: see $OUT/$name.log"; tail -30 "$OUT/$name.log"; exit 1; }
    grep -E "test result|storm|webhook flood|memory|valid events|slowloris|outbox kills" "$OUT/$name.log" || true
    echo "   ($((SECONDS - started)) s)"
}

run prop_inputs PROPTEST_CASES="$CASES"
run prop_models PROPTEST_CASES="$CASES"
run prop_headers PROPTEST_CASES=$((CASES / 10))
run prop_form_keys PROPTEST_CASES=$((CASES / 10))
run prop_board_feed PROPTEST_CASES=$((CASES / 5))
echo "== board view updated in place (lib): PROPTEST_CASES=$CASES" | tee "$OUT/board_view.log"
PROPTEST_CASES="$CASES" cargo test --locked -q --lib board::view_tests >>"$OUT/board_view.log" 2>&1 ||
    { echo "FAILED: see $OUT/board_view.log"; tail -30 "$OUT/board_view.log"; exit 1; }
grep -E "test result" "$OUT/board_view.log"
run tui_storm STORM_SEEDS="${STORM_SEEDS:-10}" STORM_EVENTS="${STORM_EVENTS:-5000}"
run webhook_flood FLOOD_DELIVERIES="${FLOOD_DELIVERIES:-100000}" FLOOD_CONCURRENCY="${FLOOD_CONCURRENCY:-128}"
run kill_outbox KILL_ROUNDS="${KILL_ROUNDS:-40}"
scripts/kills.sh | tee "$OUT/kills.log" | tail -8
