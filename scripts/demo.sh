#!/usr/bin/env bash
# The main job, from nothing on a Debian 12 machine (as root): install what corral needs, build
# it, write the config template, start a 3-node local Grid Engine cluster from it, submit a job as
# the cluster user, show where it ran and what it printed, and terminate the cluster.
# Everything corral writes lives under one temporary directory, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build corral corral-node-init

work=$(mktemp -d /tmp/corral-demo.XXXXXX)
export CORRAL_CONFIG=$work/config CORRAL_STATE_DIR=$work/state
corral=$(pwd)/build/corral
tag=demo$$
cleanup() {
  "$corral" terminate -c "$tag" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

set -x
"$corral" --version
"$corral" config --write-template
"$corral" start "$tag"
"$corral" listclusters "$tag"
"$corral" sshmaster -u sgeadmin "$tag" -- \
  'cd ~ && qsub -sync y -b y -j y -o demo.out -N demo -l hostname=node002 "echo hello from \$(hostname) as \$(whoami)"'
"$corral" sshmaster "$tag" -- 'cat /home/sgeadmin/demo.out'
"$corral" terminate -c "$tag"
