#!/usr/bin/env bash
# Builds sdbus-bench (the sd-bus twin of dbus-bench, for Benchmarks/compare.sh) with gcc -O2.
#   Benchmarks/C/build.sh [OUTDIR]      (default: Benchmarks/.build-c/)
# Needs gcc, pkg-config and libsystemd-dev (apt-get install gcc pkg-config libsystemd-dev).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../.build-c}"

for tool in "${CC:-gcc}" pkg-config; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "build.sh: $tool not found (apt-get install gcc pkg-config libsystemd-dev)" >&2
        exit 1
    fi
done
if ! pkg-config --exists libsystemd; then
    echo "build.sh: libsystemd development files not found: apt-get install libsystemd-dev" >&2
    exit 1
fi

mkdir -p "$out"
# shellcheck disable=SC2046  # pkg-config prints several words on purpose
"${CC:-gcc}" -O2 -Wall -Wextra -std=gnu11 -o "$out/sdbus-bench" "$here/sdbus-bench.c" \
    $(pkg-config --cflags --libs libsystemd)
echo "$(cd "$out" && pwd)/sdbus-bench"
