#!/usr/bin/env python3
"""Issue 4 benchmark: full cluster setup (`corral start`, Grid Engine) on local clusters of 2, 8
and 32 nodes: setup wall time, remote operations per worker (goal <= 10), memory per node (PSS,
as bench/local_bringup.py measures it) and the time of one `addnode` and one `removenode` (goal:
the same at 8 as at 32 nodes).

Remote operations are counted by CountingRemote, which `corral -d` reports per host at the end of
each command ("remote operations: master 12 (run 11, put 1, get 0); node001 7 (...)").

Usage (as root): CORRAL_BIN=build/corral bench/setup_scaling.py [SIZE ...]
Prints figures, never asserts.  addnode/removenode are measured for sizes >= 8.
"""
import statistics
import sys

from local_common import cluster_env, node_memory_mib, remote_op_counts, require_root


def fmt_ops(counts, new=None):
    master = counts.get("master", 0)
    others = {h: n for h, n in counts.items() if h not in ("master", new)}
    line = f"master {master}"
    if new:
        line += f", {new} {counts.get(new, 0)}"
    if others:
        line += f", other workers {sum(others.values())} in total over {len(others)}"
    else:
        line += ", other workers 0"
    return line


def bench(size):
    tag = f"sge{size}"
    with cluster_env(size, tag) as c:
        seconds, p = c.timed("-d", "start", tag)
        counts = remote_op_counts(p.stderr)
        workers = [n for h, n in counts.items() if h != "master"]
        per_worker = f"median {statistics.median(workers):.0f}, max {max(workers)}" if workers else "-"
        master = counts.get("master", 0)
        print(f"nodes={size:3d}  start: {seconds:7.1f} s  remote ops per worker: {per_worker}; "
              f"master: {master} in total", flush=True)
        mem = sorted(node_memory_mib(c.state))
        if mem:
            print(f"nodes={size:3d}  PSS per node: median {statistics.median(mem):.1f} MiB, "
                  f"largest (the master) {mem[-1]:.1f} MiB, total {sum(mem):.1f} MiB", flush=True)
        if size < 8:
            return
        new = f"node{size:03d}"
        t_add, p = c.timed("-d", "addnode", "-a", new, tag)
        print(f"nodes={size:3d}  addnode:    {t_add:6.1f} s  remote ops: "
              f"{fmt_ops(remote_op_counts(p.stderr), new)}", flush=True)
        t_rm, p = c.timed("-d", "removenode", "-c", "-a", new, tag)
        print(f"nodes={size:3d}  removenode: {t_rm:6.1f} s  remote ops: "
              f"{fmt_ops(remote_op_counts(p.stderr), new)}", flush=True)


def main():
    require_root()
    sizes = [int(a) for a in sys.argv[1:]] or [2, 8, 32]
    for n in sizes:
        bench(n)


if __name__ == "__main__":
    main()
