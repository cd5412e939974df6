#!/usr/bin/env bash
# Compares the Swift runtime (dbus-bench) with sd-bus (C/sdbus-bench) in one run on this machine.
#
#   Benchmarks/compare.sh [--only SUBSTRING] [--repeat N]
#
# Expects the Swift binary at Benchmarks/.build/release/dbus-bench (override with
# DBUS_BENCH_SWIFT=PATH) and builds the C one with Benchmarks/C/build.sh. Starts a private
# dbus-daemon, then for the sections p2p and bus runs every pairing of server and client:
# swift-swift, sdbus-sdbus, sdbus server + swift client, swift server + sdbus client. Prints every
# RESULT line, then a summary: ops/s of swift-swift and sdbus-sdbus per workload, their ratio, the
# mixed pairings, and for p2p Ping each client's ops/s against its own raw socketpair ping-pong.
#   --only SUBSTRING   runs only the workloads whose name contains it (DBUS_BENCH_ONLY)
#   --repeat N         runs the whole matrix N times; the summary shows medians (default 1)
# Each workload runs through the four pairings before the next starts, and swift/sd-bus is the
# median of per-run ratios, so a ratio compares runs taken close together in time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/bench-processes.sh"
swift_bin="${DBUS_BENCH_SWIFT:-$here/.build/release/dbus-bench}"
only=""
repeat=1
client_timeout=600 # seconds, per client run

usage() {
    echo "usage: $0 [--only SUBSTRING] [--repeat N]" >&2
    exit 2
}
while [ $# -gt 0 ]; do
    case "$1" in
    --only) [ $# -ge 2 ] || usage; only="$2"; shift 2 ;;
    --only=*) only="${1#--only=}"; shift ;;
    --repeat) [ $# -ge 2 ] || usage; repeat="$2"; shift 2 ;;
    --repeat=*) repeat="${1#--repeat=}"; shift ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) usage ;;
    esac
done
unset DBUS_BENCH_ONLY
[ -z "$only" ] || export DBUS_BENCH_ONLY="$only"
case "$repeat" in '' | *[!0-9]* | 0) echo "compare.sh: --repeat needs a positive number" >&2; exit 2 ;; esac

if [ ! -x "$swift_bin" ]; then
    echo "compare.sh: no Swift binary at $swift_bin; build it with" >&2
    echo "  swift build -c release --package-path Benchmarks --product dbus-bench" >&2
    exit 1
fi
command -v dbus-daemon >/dev/null || { echo "compare.sh: dbus-daemon not found (apt-get install dbus-daemon)" >&2; exit 1; }
sd_bin="$("$here/C/build.sh" "$here/.build-c" | tail -n 1)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dbus-compare.XXXXXX")"
bus_pid=""
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    if [ -n "$bus_pid" ]; then kill "$bus_pid" 2>/dev/null || true; wait "$bus_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_bench_bus "$tmp"

# Waits until nobody owns org.example.Bench (the previous bus server's disconnect was handled).
wait_name_free() {
    command -v dbus-send >/dev/null || return 0
    local start=$SECONDS
    while dbus-send --bus="$bus_address" --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.example.Bench 2>/dev/null | grep -q 'boolean true'; do
        [ $((SECONDS - start)) -lt 10 ] || return 1
        sleep 0.02
    done
}

bin_of() { if [ "$1" = swift ]; then echo "$swift_bin"; else echo "$sd_bin"; fi; }

echo "# swift:  $swift_bin"
echo "# sd-bus: $sd_bin"
echo "# bus:    $bus_address (dbus-daemon pid $bus_pid)"
[ -n "$only" ] && echo "# only workloads containing: $only"

# One line per RESULT: run, section, server, client, then the RESULT fields from <lib> on.
results="$tmp/results.tsv"
: >"$results"
failures=0
pairings="swift:swift sdbus:sdbus sdbus:swift swift:sdbus"
# One workload at a time through all four pairings, so that the runs compared in a ratio are
# minutes apart at most: this machine's speed drifts a lot over a few minutes.
if [ -n "$only" ]; then
    workloads=("$only")
else
    workloads=("Ping" "Echo ay 64B" "Echo ay 64KiB" "Echo ay 8MiB" "EchoStructs" "EchoDict")
fi
for run in $(seq 1 "$repeat"); do
    for section in p2p bus; do
        for workload in "${workloads[@]}"; do
        for pairing in $pairings; do
            server="${pairing%%:*}" client="${pairing##*:}"
            echo "# run $run/$repeat, $section, $workload: $server server, $client client"
            ready="$tmp/ready"
            rm -f "$ready"
            if [ "$section" = p2p ]; then
                rm -f "$tmp/p2p.sock"
                address="unix:path=$tmp/p2p.sock"
            else
                wait_name_free || { echo "compare.sh: org.example.Bench is still owned" >&2; exit 1; }
                address="$bus_address"
            fi
            "$(bin_of "$server")" "$section-server" "$address" "$ready" 2>"$tmp/server.log" &
            server_pid=$!
            if ! wait_for_file "$ready" 30 any "$server_pid"; then
                echo "compare.sh: the $server $section server did not become ready:" >&2
                cat "$tmp/server.log" >&2
                exit 1
            fi
            status=0
            DBUS_BENCH_ONLY="$workload" timeout "$client_timeout" "$(bin_of "$client")" "$section-client" "$address" \
                >"$tmp/client.out" 2>"$tmp/client.log" || status=$?
            kill "$server_pid" 2>/dev/null || true
            wait "$server_pid" 2>/dev/null || true
            server_pid=""
            grep '^RESULT' "$tmp/client.out" || true
            awk -F'\t' -v OFS='\t' -v run="$run" -v server="$server" -v client="$client" \
                '$1 == "RESULT" { print run, $2, server, client, $3, $4, $7 }' "$tmp/client.out" >>"$results"
            if [ "$status" -ne 0 ]; then
                failures=$((failures + 1))
                echo "# FAILED (exit $status): $client client against $server server ($section)" >&2
                cat "$tmp/client.log" >&2
                echo "# server log:" >&2
                cat "$tmp/server.log" >&2
            fi
        done
        done
    done
done

# Summary: medians over the runs. ratio = swift-swift / sdbus-sdbus ops/s; swift/raw and
# sd-bus/raw divide each p2p Ping result by the raw ping-pong of the same client run.
echo
if [ "$repeat" -gt 1 ]; then
    echo "Summary: ops/s, medians of $repeat runs"
else
    echo "Summary: ops/s"
fi
awk -F'\t' '
function median(list,    n, values, i, j, x) {
    n = split(list, values, " ")
    if (n == 0) return ""
    for (i = 2; i <= n; i++) {        # insertion sort, numeric
        x = values[i] + 0
        for (j = i - 1; j >= 1 && values[j] + 0 > x; j--) values[j + 1] = values[j]
        values[j + 1] = x
    }
    return (n % 2) ? values[(n + 1) / 2] + 0 : (values[n / 2] + values[n / 2 + 1]) / 2
}
function num(v) { return v == "" ? "-" : sprintf("%.1f", v) }
{
    run = $1; section = $2; pair = $3 "-" $4; lib = $5; workload = $6; ops = $7
    if (lib == "raw") { raw[run, pair] = ops; next }
    key = section SUBSEP workload
    if (!(key in seen)) { seen[key] = 1; order[++count] = key }
    ops_list[key, pair] = ops_list[key, pair] " " ops
    run_ops[key, pair, run] = ops
    runs[run] = 1
    if (section == "p2p" && workload == "Ping") {
        if ((run, pair) in raw) rawratio[pair] = rawratio[pair] " " (ops / raw[run, pair])
    }
}
END {
    fmt = "%-7s %-26s %12s %12s %12s %12s %12s %10s %10s\n"
    printf fmt, "section", "workload", "swift-swift", "sdbus-sdbus", "swift/sd-bus", "sdbus-swift", "swift-sdbus", "swift/raw", "sd-bus/raw"
    for (i = 1; i <= count; i++) {
        key = order[i]; split(key, parts, SUBSEP)
        ss = median(ops_list[key, "swift-swift"]); dd = median(ops_list[key, "sdbus-sdbus"])
        # The ratio is the median of the per-run ratios (runs of one workload are close in time).
        ratios = ""
        for (r in runs) if ((key, "swift-swift", r) in run_ops && (key, "sdbus-sdbus", r) in run_ops && run_ops[key, "sdbus-sdbus", r] + 0 > 0)
            ratios = ratios " " (run_ops[key, "swift-swift", r] / run_ops[key, "sdbus-sdbus", r])
        rr = ratios == "" ? "-" : sprintf("%.2f", median(ratios))
        ds = median(ops_list[key, "sdbus-swift"]); sd = median(ops_list[key, "swift-sdbus"])
        sr = "-"; dr = "-"
        if (parts[1] == "p2p" && parts[2] == "Ping") {
            if (rawratio["swift-swift"] != "") sr = sprintf("%.2f", median(rawratio["swift-swift"]))
            if (rawratio["sdbus-sdbus"] != "") dr = sprintf("%.2f", median(rawratio["sdbus-sdbus"]))
        }
        printf fmt, parts[1], parts[2], num(ss), num(dd), rr, num(ds), num(sd), sr, dr
    }
}' "$results"
echo "(pairing = server-client; swift/sd-bus = median over runs of swift-swift / sdbus-sdbus ops/s; x/raw = that client's"
echo " p2p Ping ops/s over the raw 1-byte socketpair ping-pong between two processes in the same client run)"

if [ "$failures" -gt 0 ]; then
    echo "compare.sh: $failures client run(s) failed" >&2
    exit 1
fi
