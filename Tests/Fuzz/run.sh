#!/usr/bin/env bash
# Builds every fuzzer in Sources/Fuzz* with libFuzzer and AddressSanitizer into this package's own
# scratch directory (linked with lld: gold fails on the sanitizer runtime), then runs each for SECONDS (default 60) starting from its seed corpus.
# Usage: Tests/Fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
scratch="$PWD/.build"

# The flags reach every target, the main package's plugin tool (dbus-swift-tool) too, whose link
# then fails for want of a fuzz entry point: that "undefined symbol: LLVMFuzzerTestOneInput" error
# is expected and harmless, as no fuzzer needs the tool and the build still succeeds.
swift build -c debug --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld

bin="$(swift build -c debug --scratch-path "$scratch" --show-bin-path \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)"
status=0
for dir in Sources/Fuzz*/; do
    name="$(basename "$dir")"
    # libFuzzer adds what it finds to the first corpus directory: keep that out of git.
    corpus="$scratch/corpus/$name"
    mkdir -p "$corpus" "$scratch/crashes/$name"
    if [[ -d "Corpus/$name" ]]; then cp -n Corpus/"$name"/* "$corpus"/ 2>/dev/null || true; fi
    options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536
             -artifact_prefix="$scratch/crashes/$name/" -print_final_stats=1)
    if [[ -f "Corpus/$name.dict" ]]; then options+=(-dict="Corpus/$name.dict"); fi
    echo "== $name for ${seconds}s"
    if ! "$bin/$name" "${options[@]}" "$corpus"; then
        echo "!! $name found a failure; see $scratch/crashes/$name/" >&2
        status=1
    fi
done
exit $status
