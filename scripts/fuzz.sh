#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/*_fuzz.cc) with clang and runs each briefly, seeded from
# fuzz/corpus/<target>/ when present. Usage: scripts/fuzz.sh [OUT_DIR] (default build-fuzz/out).
# FUZZ_SECONDS sets the time per target (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build-fuzz/out}
mkdir -p "$out"
# Instrument the library too (fuzzer-no-link), so coverage guides the search inside the parsers.
CC=clang CXX=clang++ CXXFLAGS="-fsanitize=fuzzer-no-link,address,undefined" \
  cmake -S . -B build-fuzz -G Ninja -DCORRAL_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
targets=$(ls fuzz/*_fuzz.cc | xargs -n1 basename | sed 's/\.cc$//')
ninja -C build-fuzz -j"$(nproc)" $targets
rc=0
for t in $targets; do
  corpus=$(mktemp -d)
  [ -d "fuzz/corpus/$t" ] && cp -r "fuzz/corpus/$t/." "$corpus/"
  echo "--- $t"
  if ! "build-fuzz/$t" -max_total_time="${FUZZ_SECONDS:-20}" -artifact_prefix="$out/$t-" "$corpus" \
      >"$out/$t.log" 2>&1; then
    tail -30 "$out/$t.log"; rc=1
  fi
  rm -rf "$corpus"
done
exit $rc
