#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages listed in packaging/debian-packages.txt that are missing.
# Runs `apt-get update` once, only when something must be installed. Uses sudo when not root.
set -euo pipefail
list="$(dirname "$0")/debian-packages.txt"

missing=()
while read -r pkg condition; do
    [ -n "$pkg" ] || continue
    case "$pkg" in \#*) continue ;; esac
    if [[ "${condition:-}" == if-missing:* ]] && command -v "${condition#if-missing:}" >/dev/null 2>&1; then
        continue
    fi
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$pkg")
done < <(sed 's/#.*//' "$list")

if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: all Debian packages present"
    exit 0
fi

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    # No terminal (CI, a launcher): sudo must not wait for a password nobody can type.
    if [ -t 0 ]; then sudo=(sudo); else sudo=(sudo -n); fi
else
    echo "deps: cannot install packages: not root and sudo is not available." >&2
    echo "deps: as root, run: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get update -q || ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    echo "deps: installing failed. Run this as an administrator, then try again:" >&2
    echo "      sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
