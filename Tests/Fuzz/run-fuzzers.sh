#!/bin/sh
# run-fuzzers.sh - build and run the Mail library's libFuzzer targets
#
# Usage: Tests/Fuzz/run-fuzzers.sh [MINUTES] [TARGET...]
#
# Builds each target (mime, header, text) with `swiftc -sanitize=fuzzer,address` from
# the Mail sources plus its entry file in Tests/Fuzz, then runs it for MINUTES minutes
# (default 10) on one core. Targets run one after another. Work files go to
# Tests/Fuzz/work/<target>/: the growing corpus in corpus/ (seeded from the MIME
# fixtures and Tests/Fuzz/seeds on the first run), crash and hang inputs in
# artifacts/, and the log in fuzz.log. Exit status 0 when no target found anything, 1
# when one did.
#
# A crash or hang input belongs in Tests/Fixtures/mime/fuzz/ with a regression test;
# FuzzRegressionTests parses every file there.
set -eu

minutes=${1:-10}
[ $# -gt 0 ] && shift
targets=${*:-mime header text}
root=$(cd "$(dirname "$0")/../.." && pwd)
sources=$(find "$root/SDK/Sources/Mail" -name '*.swift' ! -path '*/Received/*' | sort)
status=0

for target in $targets; do
    case $target in
        mime) entry=MIMEParserFuzzTarget.swift; max_len=32768 ;;
        header) entry=HeaderFuzzTarget.swift; max_len=4096 ;;
        text) entry=TextFuzzTarget.swift; max_len=8192 ;;
        *) echo "run-fuzzers.sh: unknown target '$target'; use mime, header or text" >&2; exit 64 ;;
    esac
    work=$root/Tests/Fuzz/work/$target
    mkdir -p "$work/corpus" "$work/artifacts"
    echo "building $target fuzzer"
    # shellcheck disable=SC2086
    if ! swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name MailFuzz \
        -o "$work/fuzzer" $sources "$root/Tests/Fuzz/$entry" >"$work/build.log" 2>&1; then
        cat "$work/build.log" >&2
        exit 70
    fi
    if [ -z "$(ls -A "$work/corpus")" ]; then
        fixtures=$root/Tests/Fixtures/mime
        for file in "$fixtures"/corpus/*.eml "$fixtures"/python/*.txt "$fixtures"/fuzz/* \
            "$root"/Tests/Fuzz/seeds/*; do
            [ -f "$file" ] && cp "$file" "$work/corpus/"
        done
    fi
    echo "running $target fuzzer for $minutes minutes"
    if ! "$work/fuzzer" "$work/corpus" -artifact_prefix="$work/artifacts/" \
        -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=2048 \
        -max_len=$max_len -print_final_stats=1 >"$work/fuzz.log" 2>&1; then
        echo "$target fuzzer found a problem; see $work/fuzz.log and $work/artifacts/" >&2
        status=1
    fi
    tail -n 12 "$work/fuzz.log"
    echo "corpus: $(ls "$work/corpus" | wc -l) inputs"
done
exit $status
