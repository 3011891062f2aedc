#!/usr/bin/env bash
# Installs every Debian 12 package corral needs to build, test and run (as root, idempotent,
# non-interactive). Safe to run again: apt-get skips what is already there.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: must run as root (apt-get install)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive

# Grid Engine's postinst asks who the master is; corral writes its own cell per cluster, so the
# host's cell only has to exist. Preset the answers so the install never prompts.
debconf-set-selections <<'SEL'
gridengine-common shared/gridengineconfig boolean true
gridengine-common shared/gridenginecell string default
gridengine-common shared/gridenginesgeroot string /var/lib/gridengine
SEL

build=(cmake ninja-build ccache g++ pkg-config clang libclang-rt-14-dev clang-format clang-tidy
       libcurl4-openssl-dev libssl-dev zlib1g-dev libpugixml-dev nlohmann-json3-dev libcli11-dev
       libfmt-dev libsqlite3-dev libgtest-dev libgmock-dev libbenchmark-dev)
runtime=(openssh-client openssh-server iproute2 util-linux procps psmisc sqlite3 gzip rsync
         gridengine-master gridengine-exec gridengine-client
         slurm-wlm slurm-client slurmctld slurmd munge slurmdbd mariadb-server
         xvfb xauth x11vnc openbox xterm novnc websockify openssl)
testing=(python3 python3-pytest python3-botocore chromium curl)

marker=/var/lib/corral/.apt-updated
if [ ! -f "$marker" ] || [ -n "$(find "$marker" -mmin +720 2>/dev/null)" ]; then
  apt-get update -qq
  mkdir -p "$(dirname "$marker")" && touch "$marker"
fi
# Packages' daemons (mariadb, munge, slurm) must not start on the host: corral starts its own in
# each node. Where no policy-rc.d exists (a VM with an init system), one that refuses every start
# is put in place for the install and removed afterwards; an existing one is left alone.
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
  guard=/usr/sbin/policy-rc.d
  trap 'rm -f "$guard"' EXIT
fi
apt-get install -y -qq --no-install-recommends "${build[@]}" "${runtime[@]}" "${testing[@]}" >/dev/null

echo "install-deps.sh: all packages present"
