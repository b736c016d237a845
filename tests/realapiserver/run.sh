#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# make test-real-apiserver: builds the real kube-apiserver once (cached in ~/.cache), starts it with its own state
# on free loopback ports, runs the differential tier (ctest label real-apiserver) and stops it again.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOOLS="${VOLSYNC_REAL_APISERVER_TOOLS:-$(cd .. && pwd)/shared/tools/real-apiserver}"
BUILD_DIR="${BUILD_DIR:-build}"
begin=$(date +%s)

[ -x "$TOOLS/start.sh" ] || { echo "no real-apiserver tools in $TOOLS (set VOLSYNC_REAL_APISERVER_TOOLS)" >&2; exit 1; }
echo "== real kube-apiserver: build (once per machine, cached)" >&2
bash "$TOOLS/build.sh" >&2

# Two free loopback ports: the API server's, and etcd's (whose peer port is etcd's + 10).
in_use() { [ -n "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ]; }
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    in_use "$port" || in_use "$((port + 10))" || { echo "$port"; return; }
  done
}
export KUBE_REAL_PORT="$(free_port)"
export KUBE_REAL_ETCD_PORT="$(free_port)"
export KUBE_REAL_DIR="$(mktemp -d "${TMPDIR:-/tmp}/volsync-real-apiserver.XXXXXX")"
cleanup() {
  bash "$TOOLS/start.sh" stop >&2 || true
  rm -rf "$KUBE_REAL_DIR"
}
trap cleanup EXIT

echo "== real kube-apiserver: start on 127.0.0.1:$KUBE_REAL_PORT" >&2
kubeconfig="$(bash "$TOOLS/start.sh" start | tail -n 1)"
[ -f "$kubeconfig" ] || { echo "start.sh printed no kubeconfig" >&2; exit 1; }
started=$(date +%s)

echo "== differential tier (ctest -L real-apiserver)" >&2
status=0
VOLSYNC_REAL_KUBECONFIG="$kubeconfig" ctest --test-dir "$BUILD_DIR" -L real-apiserver --output-on-failure || status=$?
end=$(date +%s)
echo "== differential tier: $((end - started)) s (server start $((started - begin)) s incl. build check)" >&2
exit $status
