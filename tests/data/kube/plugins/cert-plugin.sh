#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A test exec credential plugin that logs in with a client certificate: it prints the PEM files named by
# PLUGIN_CERT and PLUGIN_KEY as clientCertificateData/clientKeyData (client.authentication.k8s.io/v1beta1).
set -eu
pem_json() {
    awk 'BEGIN { ORS = "" } { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); print $0 "\\n" }' "$1"
}
printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"clientCertificateData":"%s","clientKeyData":"%s"}}\n' \
    "$(pem_json "${PLUGIN_CERT:?}")" "$(pem_json "${PLUGIN_KEY:?}")"
