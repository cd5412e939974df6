#!/usr/bin/env bash
# Runs the test suite under strace and fails if the test process closes a descriptor that is not
# open (EBADF). That is a double close, and in a program with many threads the second close can
# hit another thread's descriptor that took the number in between: a flaky failure somewhere
# else entirely (EBADF or ENOTSOCK in an unrelated test). Closes made by a spawned child before
# it executes its program (closing every descriptor it inherited) are not the test process's and
# are skipped: a thread that calls execve is such a child.
# Usage: Tests/fd-close-check.sh   (after `swift build --build-tests`; needs strace)
set -euo pipefail
cd "$(dirname "$0")/.."

bin="$(swift build --show-bin-path)/swift-dbus-generatorPackageTests.xctest"
[[ -x "$bin" ]] || { echo "fd-close-check: no test binary at $bin; run swift build --build-tests" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Test failures under strace (slower, so timing can differ) are reported but do not decide the
# outcome: `swift test` is the test run; this one is for the trace.
if ! strace -f -qq -e trace=close,execve -e signal=none -o "$work/trace" \
    "$bin" --testing-library swift-testing >"$work/log" 2>&1; then
    echo "fd-close-check: some tests failed under strace (not counted here):" >&2
    grep -E '✘' "$work/log" | head -20 >&2 || true
fi

# strace -f lines: "TID close(FD) = -1 EBADF (...)", or split into "TID close(FD <unfinished ...>"
# and "TID <... close resumed>) = -1 EBADF (...)" when another thread's call came in between.
awk '
    $2 ~ /^execve\(/ || $2 ~ /^<\.\.\.$/ && $3 == "execve" { spawned[$1] = 1; next }
    $2 ~ /^close\(/ {
        fd = $2; sub(/^close\(/, "", fd); sub(/\).*/, "", fd)
        if ($0 ~ /<unfinished/) { open_call[$1] = fd; next }
        if ($0 ~ /EBADF/) bad[++n] = $1 " " fd
        next
    }
    $2 == "<..." && $3 == "close" {
        if ($0 ~ /EBADF/) bad[++n] = $1 " " open_call[$1]
        next
    }
    END {
        found = 0
        for (i = 1; i <= n; i++) {
            split(bad[i], part, " ")
            if (part[1] in spawned) continue
            print "fd-close-check: thread " part[1] " closed fd " part[2] ", which was not open (a double close)"
            found++
        }
        if (found > 0) exit 1
        print "fd-close-check: no double close in the test process"
    }
' "$work/trace"
