#!/usr/bin/env bash
# Where a peer-to-peer round trip's time goes on each side, for any pairing of dbus-bench and
# sdbus-bench: the time from a process waking up with a message to handing its answer to
# sendmsg, split into reading the message, the library's and program's own work, and the
# sendmsg call (see C/critical-path.c; compare wake->send across libraries, as sd-bus reads each
# message in two calls). Unlike ops/s, these per-side figures tell the server's costs from the
# client's, and they move far less than ops/s while the machine's speed drifts.
#
#   Benchmarks/critical-path.sh SERVER-BINARY CLIENT-BINARY [ROUNDS]
#
# Runs p2p Ping ROUNDS times (default 3; DBUS_BENCH_PING calls, default 60000), server pinned to
# CPU 0 and client to CPU 1 when the machine has two, and prints each side's means over the last
# third of each run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/bench-processes.sh"
[ $# -ge 2 ] && [ $# -le 3 ] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
server_bin="$1" client_bin="$2" rounds="${3:-3}"
pings="${DBUS_BENCH_PING:-60000}"
export CRITICAL_PATH_EVERY=$((pings / 3))
out="$here/.build-c"
mkdir -p "$out"
"${CC:-gcc}" -O2 -Wall -Wextra -std=gnu11 -shared -fPIC -o "$out/critical-path.so" "$here/C/critical-path.c" -ldl

pin_server="" pin_client=""
if [ "$(nproc)" -ge 2 ]; then pin_server="taskset -c 0" pin_client="taskset -c 1"; fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/dbus-critical.XXXXXX")"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

for round in $(seq "$rounds"); do
    rm -f "$tmp/ready" "$tmp/socket"
    LD_PRELOAD="$out/critical-path.so" $pin_server "$server_bin" p2p-server "unix:path=$tmp/socket" "$tmp/ready" 2>"$tmp/server.err" &
    server_pid=$!
    wait_for_file "$tmp/ready" 30 any "$server_pid" || { echo "critical-path.sh: the server did not get ready:" >&2; cat "$tmp/server.err" >&2; exit 1; }
    rate=$(DBUS_BENCH_ONLY=Ping DBUS_BENCH_PING="$pings" LD_PRELOAD="$out/critical-path.so" $pin_client "$client_bin" p2p-client \
        "unix:path=$tmp/socket" 2>"$tmp/client.err" | awk -F'\t' '$3 != "raw" && $4 == "Ping" { print $7 }')
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    echo "round $round: $rate Pings/s"
    for side in server client; do
        line="$(grep CRITICAL-PATH "$tmp/$side.err" | tail -n 1 | sed 's/.*: //')"
        # No line means the timer saw no answers: the library bypassed libc's poll/recvmsg/sendmsg.
        [ -n "$line" ] || { echo "critical-path.sh: no timings from the $side" >&2; exit 1; }
        echo "  $side: $line"
    done
done
