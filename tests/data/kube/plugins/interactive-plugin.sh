#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A test exec credential plugin that asks for its token on the terminal: it prompts on stderr, reads one
# line from stdin ("no-input" at end of input) and prints an ExecCredential with that line as the token.
# It keeps KUBERNETES_EXEC_INFO in $PLUGIN_STATE_DIR/exec-info.json, and writes $PLUGIN_STATE_DIR/overlap
# when another run (sharing the directory) was still going when it started.
set -eu
dir="${PLUGIN_STATE_DIR:?PLUGIN_STATE_DIR is not set}"
if ! mkdir "$dir/running" 2>/dev/null; then echo overlap >> "$dir/overlap"; fi
printf '%s' "${KUBERNETES_EXEC_INFO:-}" > "$dir/exec-info.json"
printf 'Token for the test cluster: ' >&2
token=""
if ! IFS= read -r token; then token="${token:-no-input}"; fi
sleep 0.3 # long enough for a second run to notice
rmdir "$dir/running" 2>/dev/null || true
echo run >> "$dir/runs"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\n' "$token"
