#!/usr/bin/env python3
"""Issue 3 benchmark: time to bring up local clusters of 1, 8 and 32 nodes with `corral start -o`
(launch only, no setup) and memory per node (PSS summed over each node's PID namespace).

Usage (as root): CORRAL_BIN=build/corral bench/local_bringup.py [SIZE ...]
Prints one line per size; figures, not assertions.
"""
import statistics
import sys

from local_common import cluster_env, node_memory_mib, require_root


def bench(size):
    tag = f"bup{size}"
    with cluster_env(size, tag) as c:
        seconds, _ = c.timed("start", "-o", tag)
        mem = node_memory_mib(c.state)
        if len(mem) != size:
            print(f"warning: found {len(mem)} node inits for {size} nodes", file=sys.stderr)
        t0, _ = c.timed("terminate", "-c", tag)
        c.terminated = True
    med = statistics.median(mem) if mem else 0.0
    print(f"nodes={size:3d}  start -o: {seconds:6.2f} s ({seconds / size:5.2f} s/node)  "
          f"PSS per node: median {med:4.2f} MiB, total {sum(mem):6.1f} MiB  "
          f"terminate: {t0:5.2f} s", flush=True)


def main():
    require_root()
    sizes = [int(a) for a in sys.argv[1:]] or [1, 8, 32]
    for n in sizes:
        bench(n)


if __name__ == "__main__":
    main()
