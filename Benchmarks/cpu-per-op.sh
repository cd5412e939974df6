#!/usr/bin/env bash
# CPU time per operation of each process in one benchmark run: the server, the client and (on a
# bus) the dbus-daemon, split into user and system time. Unlike ops/s, CPU per operation barely
# moves when the machine's speed drifts, so it shows small differences between libraries that a
# throughput ratio hides in noise.
#
#   Benchmarks/cpu-per-op.sh SECTION WORKLOAD SERVER-BINARY CLIENT-BINARY
#
# SECTION is p2p or bus; WORKLOAD a dbus-bench workload name (or a unique part of one, as for
# DBUS_BENCH_ONLY); the binaries are dbus-bench or C/sdbus-bench builds, in any pairing.
# Prints microseconds per operation. The client's figure includes its warm-up calls (and, for p2p
# Ping, the raw socketpair ping-pong it runs first), so compare clients only with each other.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bench-processes.sh"
[ $# -eq 4 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
section="$1" workload="$2" server_bin="$3" client_bin="$4"
case "$section" in p2p | bus) ;; *) echo "cpu-per-op.sh: SECTION must be p2p or bus" >&2; exit 2 ;; esac

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dbus-cpu.XXXXXX")"
bus_pid="" server_pid=""
cleanup() {
    for pid in $server_pid $bus_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

if [ "$section" = bus ]; then
    start_bench_bus "$tmp"
    address="$bus_address"
else
    address="unix:path=$tmp/p2p.sock"
fi
"$server_bin" "$section-server" "$address" "$tmp/ready" 2>"$tmp/server.log" &
server_pid=$!
wait_for_file "$tmp/ready" 30 any "$server_pid" || { echo "cpu-per-op.sh: the server did not start:" >&2; cat "$tmp/server.log" >&2; exit 1; }

# utime and stime, in clock ticks, of a process (fields 14 and 15 of /proc/PID/stat; the command
# name in field 2 has no spaces for these programs).
ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }
server_before="$(ticks "$server_pid")"
daemon_before=""; [ -z "$bus_pid" ] || daemon_before="$(ticks "$bus_pid")"
TIMEFORMAT='%U %S'
client_times="$( { time DBUS_BENCH_ONLY="$workload" "$client_bin" "$section-client" "$address" \
    >"$tmp/client.out" 2>"$tmp/client.log"; } 2>&1 )"
server_after="$(ticks "$server_pid")"
daemon_after=""; [ -z "$bus_pid" ] || daemon_after="$(ticks "$bus_pid")"

result="$(grep '^RESULT' "$tmp/client.out" | awk -F'\t' '$3 != "raw"' | head -n 1)"
[ -n "$result" ] || { echo "cpu-per-op.sh: the client printed no RESULT:" >&2; cat "$tmp/client.log" >&2; exit 1; }
awk -v result="$result" -v hz="$(getconf CLK_TCK)" -v sb="$server_before" -v sa="$server_after" \
    -v db="$daemon_before" -v da="$daemon_after" -v ct="$client_times" 'BEGIN {
    split(result, r, "\t"); iterations = r[5]; us = 1e6 / hz / iterations
    split(sb, b, " "); split(sa, a, " ")
    printf "%s %s %s: %.1f ops/s (%s iterations); CPU per op in us, user + system:\n", r[2], r[3], r[4], r[7], iterations
    printf "  server %7.1f + %7.1f\n", (a[1] - b[1]) * us, (a[2] - b[2]) * us
    split(ct, c, " ")
    printf "  client %7.1f + %7.1f (with warm-up)\n", c[1] * 1e6 / iterations, c[2] * 1e6 / iterations
    if (db != "") {
        split(db, b, " "); split(da, a, " ")
        printf "  daemon %7.1f + %7.1f\n", (a[1] - b[1]) * us, (a[2] - b[2]) * us
    }
}'
