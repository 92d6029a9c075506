#!/usr/bin/env bash
# `make fuzz`: builds each libFuzzer target (clang, ASan + UBSan) and runs it for
# FUZZ_SECONDS seconds (default 60) from its committed seed corpus. A crash fails the run and
# leaves its reproducer in build/fuzz/<target>/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
seconds=${1:-${FUZZ_SECONDS:-60}}
# clang and its libFuzzer runtime, from Debian, when missing.
if ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q 'install ok installed'; then
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null
fi
CLANG=${CLANGXX:-clang++-14}
command -v "$CLANG" >/dev/null || CLANG=clang++
# pointer-overflow is left out: Debian's RapidJSON computes null + 0-sized offsets inside its
# own stack (internal/stack.h), which is not ours to fix and would stop every run at once.
FLAGS=(-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize=pointer-overflow
       -fno-sanitize-recover=undefined -Ishim/src -Iextension/src)
SHIM_CORE=(shim/src/base64url.cpp shim/src/jwt.cpp shim/src/jwks.cpp shim/src/json_parse.cpp
           shim/src/uuid.cpp shim/src/router.cpp shim/src/api_envelope.cpp shim/src/error_map.cpp)
declare -A SOURCES=(
    [jwt]="${SHIM_CORE[*]}"
    [router]="${SHIM_CORE[*]}"
    [envelope]="${SHIM_CORE[*]}"
    [csv]="extension/src/csv_writer.cpp"
)
status=0
for target in jwt router envelope csv; do
    out=build/fuzz/$target
    mkdir -p "$out/corpus"
    cp fuzz/corpus/$target/* "$out/corpus/" 2>/dev/null || true
    say "fuzz_$target: building"
    # shellcheck disable=SC2086
    "$CLANG" "${FLAGS[@]}" fuzz/fuzz_$target.cpp ${SOURCES[$target]} -lcrypto -o "$out/fuzz_$target"
    say "fuzz_$target: running ${seconds}s"
    if ! (cd "$out" && ./fuzz_$target -max_total_time="$seconds" -print_final_stats=1 corpus >run.log 2>&1); then
        status=1
        tail -30 "$out/run.log" >&2
        echo "fuzz_$target FAILED (reproducer in $out)" >&2
    else
        grep -E 'stat::number_of_executed_units' "$out/run.log" | sed "s/^/fuzz_$target: /"
    fi
done
exit $status
