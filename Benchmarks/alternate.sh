#!/usr/bin/env bash
# Swift against sd-bus for one workload, in alternating runs a few seconds apart.
#
#   Benchmarks/alternate.sh [--mixed] SECTION WORKLOAD [ROUNDS]
#
# SECTION is p2p or bus; WORKLOAD a dbus-bench workload name or a unique part of one (as for
# DBUS_BENCH_ONLY). Starts a Swift and an sd-bus server once (on a bus: one private dbus-daemon
# each, so both own org.example.Bench), then ROUNDS times (default 10) runs a Swift client
# against the Swift server and an sd-bus client against the sd-bus server, swapping which goes
# first every round. The two runs of a round are seconds apart and see the same machine: on a
# shared VM whose speed drifts several-fold within minutes, the median of these per-round ratios
# is far steadier than a ratio of two runs minutes apart. DBUS_BENCH_PING and DBUS_BENCH_SECONDS
# shorten the runs, but runs much shorter than the defaults (20000 calls, 2 s) measure where the
# scheduler first puts the two processes rather than the steady state.
# Prints one line per round and then the median, quartiles and range of swift/sd-bus ops/s.
# --mixed also runs a Swift client against the sd-bus server and an sd-bus client against the
# Swift server every round (in a rotating order), each reported as a ratio to sdbus-sdbus.
# DBUS_BENCH_CPU=N runs every server and client on CPU N only (taskset; not the dbus-daemon).
# There each round trip is a switch between two processes on one CPU instead of two cross-CPU
# wake-ups, several times faster and far steadier on a VM: it compares what the libraries cost
# rather than where the scheduler happens to put them.
# Expects Benchmarks/.build/release/dbus-bench (override with DBUS_BENCH_SWIFT=PATH).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/bench-processes.sh"
mixed=false
if [ "${1:-}" = --mixed ]; then mixed=true; shift; fi
[ $# -ge 2 ] && [ $# -le 3 ] || { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
section="$1" workload="$2" rounds="${3:-10}"
case "$section" in p2p | bus) ;; *) echo "alternate.sh: SECTION is p2p or bus" >&2; exit 2 ;; esac
case "$rounds" in '' | *[!0-9]* | 0) echo "alternate.sh: ROUNDS must be a positive number" >&2; exit 2 ;; esac
swift_bin="${DBUS_BENCH_SWIFT:-$here/.build/release/dbus-bench}"
[ -x "$swift_bin" ] || { echo "alternate.sh: no Swift binary at $swift_bin" >&2; exit 1; }
sd_bin="$("$here/C/build.sh" "$here/.build-c" | tail -n 1)"
export DBUS_BENCH_ONLY="$workload"
pin=()
if [ -n "${DBUS_BENCH_CPU:-}" ]; then pin=(taskset -c "$DBUS_BENCH_CPU"); fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dbus-alternate.XXXXXX")"
pids=()
cleanup() {
    for pid in "${pids[@]}" ${bus_pid:-}; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server LIB BINARY: starts it and sets `address` to what its clients use. (Not run in a
# command substitution: that would wait for the server, which inherits its output, to exit.)
start_server() {
    local lib="$1" bin="$2"
    if [ "$section" = bus ]; then
        start_bench_bus "$tmp/$lib-bus"
        pids+=("$bus_pid")
        address="$bus_address"
    else
        address="unix:path=$tmp/$lib.sock"
    fi
    "${pin[@]}" "$bin" "$section-server" "$address" "$tmp/$lib.ready" >/dev/null 2>"$tmp/$lib-server.log" &
    pids+=($!)
    wait_for_file "$tmp/$lib.ready" 30 any $! || { echo "alternate.sh: the $lib server did not start" >&2; cat "$tmp/$lib-server.log" >&2; exit 1; }
}
start_server swift "$swift_bin"
swift_address="$address"
start_server sdbus "$sd_bin"
sd_address="$address"

# run_client BINARY ADDRESS LIB: prints the workload's ops/s.
run_client() {
    local ops
    ops="$("${pin[@]}" "$1" "$section-client" "$2" 2>"$tmp/client.log" | awk -F'\t' -v lib="$3" '$1 == "RESULT" && $3 == lib { print $7; exit }')"
    [ -n "$ops" ] || { echo "alternate.sh: the $3 client printed no result:" >&2; cat "$tmp/client.log" >&2; exit 1; }
    echo "$ops"
}

pairings="swift-swift"
$mixed && pairings="$pairings sdbus-swift swift-sdbus"
echo "# $section, $workload: $rounds rounds of sdbus-sdbus and $pairings (server-client)"

# run_pairing SERVER-CLIENT: that client against that server; prints ops/s.
run_pairing() {
    local server="${1%%-*}" client="${1##*-}" address bin lib
    if [ "$server" = swift ]; then address="$swift_address"; else address="$sd_address"; fi
    if [ "$client" = swift ]; then bin="$swift_bin" lib=swift; else bin="$sd_bin" lib=sd-bus; fi
    run_client "$bin" "$address" "$lib"
}

for round in $(seq 1 "$rounds"); do
    # Rotate the order, so no pairing always runs first or right after another.
    order=(sdbus-sdbus $pairings)
    shift_by=$(( (round - 1) % ${#order[@]} ))
    order=("${order[@]:shift_by}" "${order[@]:0:shift_by}")
    declare -A ops=()
    for pairing in "${order[@]}"; do ops[$pairing]="$(run_pairing "$pairing")"; done
    line="$(printf 'round %2d  sdbus-sdbus %9.1f' "$round" "${ops[sdbus-sdbus]}")"
    for pairing in $pairings; do
        ratio="$(awk -v s="${ops[$pairing]}" -v d="${ops[sdbus-sdbus]}" 'BEGIN { printf "%.3f", s / d }')"
        echo "$ratio" >>"$tmp/ratios.$pairing"
        line="$line  $(printf '%s %9.1f (%s)' "$pairing" "${ops[$pairing]}" "$ratio")"
    done
    echo "$line"
done
for pairing in $pairings; do
    sort -n "$tmp/ratios.$pairing" | awk -v section="$section" -v workload="$workload" -v pairing="$pairing" '
        { r[NR] = $1 }
        function q(p,   i) { i = 1 + (NR - 1) * p; return r[int(i)] + (i - int(i)) * (r[int(i) + 1] - r[int(i)]) }
        END { printf "%s %s %s/sdbus-sdbus: median %.3f, quartiles %.3f-%.3f, range %.3f-%.3f (%d rounds)\n",
                     section, workload, pairing, q(0.5), q(0.25), q(0.75), r[1], r[NR], NR }'
done
