#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A test exec credential plugin. It counts its runs in $PLUGIN_STATE_DIR/count, keeps what it was given
# (KUBERNETES_EXEC_INFO, arguments), and prints an ExecCredential with the token "token-<run number>".
# PLUGIN_SLEEP (seconds), PLUGIN_FAIL, PLUGIN_EXPIRY (RFC 3339), PLUGIN_API_VERSION change its behaviour.
set -eu
dir="${PLUGIN_STATE_DIR:?PLUGIN_STATE_DIR is not set}"
n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$dir/count"
printf '%s' "${KUBERNETES_EXEC_INFO:-}" > "$dir/exec-info-$n.json"
printf '%s\n' "$@" > "$dir/args-$n.txt"
if [ -n "${PLUGIN_SLEEP:-}" ]; then sleep "$PLUGIN_SLEEP"; fi
if [ -n "${PLUGIN_FAIL:-}" ]; then echo "plugin failed on purpose" >&2; exit 3; fi
expiry=""
if [ -n "${PLUGIN_EXPIRY:-}" ]; then expiry=",\"expirationTimestamp\":\"$PLUGIN_EXPIRY\""; fi
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"token-%s"%s}}\n' \
    "${PLUGIN_API_VERSION:-client.authentication.k8s.io/v1}" "$n" "$expiry"
