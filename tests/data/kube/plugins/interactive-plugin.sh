#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A test exec credential plugin that asks for its token on the terminal: it prompts on stderr, reads one
# line from stdin ("no-input" at end of input) and prints an ExecCredential with that line as the token.
# It keeps KUBERNETES_EXEC_INFO in $PLUGIN_STATE_DIR/exec-info.json.
set -eu
dir="${PLUGIN_STATE_DIR:?PLUGIN_STATE_DIR is not set}"
printf '%s' "${KUBERNETES_EXEC_INFO:-}" > "$dir/exec-info.json"
printf 'Token for the test cluster: ' >&2
token=""
if ! IFS= read -r token; then token="${token:-no-input}"; fi
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\n' "$token"
