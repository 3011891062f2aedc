#!/usr/bin/env bash
# Runs every corral test on a Debian 12 machine, as root, from a clean checkout:
# installs packages, builds (normal and ASan+UBSan), runs the unit tests under both builds, the
# fuzzers briefly, and the end-to-end tests (real binary, real sshd/Grid Engine/Slurm in local
# namespace nodes, the fake EC2 endpoint). Prints one summary line "tests: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${CORRAL_TEST_OUT:-$root/build-test-results}
rm -rf "$out"; mkdir -p "$out"
failed_steps=()

step() {  # step NAME COMMAND...: runs a step, records failure, keeps going
  local name=$1; shift
  echo "=== $name"
  if ! "$@"; then
    echo "=== $name: FAILED"
    failed_steps+=("$name")
  fi
}

bash scripts/install-deps.sh || { echo "tests: 0 passed, 1 failed"; exit 1; }

jobs=$(nproc)
# ccache keyed on paths relative to the checkout, so a fresh clone in another folder (as CI makes)
# reuses what earlier builds of the same sources compiled.
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=true
step "build" bash -c "cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && ninja -C build -j$jobs"
step "build-asan" bash -c "cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCORRAL_SANITIZE=ON >/dev/null && ninja -C build-asan -j$jobs corral_tests"
step "unit" ./build/corral_tests --gtest_brief=1 --gtest_output="xml:$out/unit.xml"
step "unit-asan" env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ./build-asan/corral_tests --gtest_brief=1 --gtest_output="xml:$out/unit-asan.xml"
if ls fuzz/*_fuzz.cc >/dev/null 2>&1; then
  step "fuzz" bash scripts/fuzz.sh "$out"
fi
if ls tests/test_*.py >/dev/null 2>&1; then
  step "e2e" env CORRAL_BIN="$root/build/corral" CORRAL_BUILD="$root/build" \
    /usr/bin/python3 -m pytest -q -p no:cacheprovider --junitxml="$out/e2e.xml" tests
fi

/usr/bin/python3 scripts/summarize_tests.py "$out" "${#failed_steps[@]}"
rc=$?
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  exit 1
fi
exit $rc
