#!/usr/bin/env bash
# Re-runs the policy comparison shown in docs/elasticity.md: `corral simulate --compare` on the
# shared traces (KTH-SP2 with 1 slot per node, LANL-CM5 with 32), at several max-nodes caps,
# and prints one Markdown table.
# Usage: scripts/simulate-compare.sh [CORRAL_BINARY] (default build/corral; CORRAL_BIN also works)
# Extra `corral simulate` flags may be given in SIMULATE_FLAGS (e.g. "--boot-time 300").
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CORRAL_BIN:-build/corral}}
traces=${TRACES_DIR:-../shared/traces}
[ -x "$bin" ] || { echo "no corral binary at $bin (build it, or pass its path)" >&2; exit 2; }

# trace file, slots per node, caps (0: unbounded)
runs=(
  "KTH-SP2-1996-2.1-cln.swf.gz 1 100 200 0"
  "LANL-CM5-1994-4.1-cln.swf.gz 32 32 64 0"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
for run in "${runs[@]}"; do
  read -r trace slots caps <<<"$run"
  for cap in $caps; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    "$bin" simulate "$traces/$trace" --compare corral,starcluster --slots-per-node "$slots" \
      --max-nodes "$cap" ${SIMULATE_FLAGS:-} --json >"$tmp/$(printf %02d $i).json"
  done
done
python3 - "$tmp" <<'PY'
import glob, json, os, sys
print("| trace | slots/node | max nodes | policy | billed node-h | cost/LB_any | cost/LB_0 "
      "| idle share | wait mean (s) | median | p95 | waits > 900 s | nodes added |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    j = json.load(open(path))
    m = j["model"]
    for p in j["policies"]:
        w = p["wait"]
        r0 = p["ratio_lb_0"]
        print(f"| {os.path.basename(j['trace']).split('-19')[0]} | {m['slots_per_node']} "
              f"| {m['max_nodes'] or 'none'} | {p['policy']} "
              f"| {p['node_hours']['billed']:,.0f} | {p['ratio_lb_any']:.3f} "
              f"| {'n/a' if r0 is None else f'{r0:.3f}'} | {p['idle_share']*100:.1f}% "
              f"| {w['mean']:,.0f} | {w['median']:,.0f} | {w['p95']:,.0f} "
              f"| {w['share_over_900']*100:.1f}% | {p['scaling']['nodes_added']:,} |")
PY
