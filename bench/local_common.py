"""Shared helpers for the local-provider benchmarks (bench/local_bringup.py, bench/setup_scaling.py).

Each run gets a private config and state directory under a temporary directory, as the end-to-end
tests do, so a benchmark never touches anyone else's clusters; every cluster it starts is
terminated before it returns, even when it fails. The local provider needs root.
"""
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORRAL = os.environ.get("CORRAL_BIN", os.path.join(HERE, "..", "build", "corral"))


class Corral:
    """Runs `corral` with a private config and state directory under `root`."""

    def __init__(self, root, config_text):
        self.root = root
        self.state = os.path.join(root, "state")
        self.config = os.path.join(root, "config")
        with open(self.config, "w") as f:
            f.write(textwrap.dedent(config_text).replace("@ROOT@", root))
        self.env = dict(os.environ, CORRAL_CONFIG=self.config, CORRAL_STATE_DIR=self.state)
        self.terminated = False  # set by whoever terminated the cluster already

    def run(self, *args, check=True, timeout=3600):
        p = subprocess.run([CORRAL, *args], env=self.env, capture_output=True, text=True,
                           timeout=timeout, stdin=subprocess.DEVNULL)
        if check and p.returncode != 0:
            raise RuntimeError(f"corral {' '.join(args)} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
        return p

    def timed(self, *args):
        """(seconds, CompletedProcess) of one corral command that must succeed."""
        t0 = time.monotonic()
        p = self.run(*args)
        return time.monotonic() - t0, p


def config(size, tag):
    return f"""
    [global]
    CLOUD = local
    DEFAULT_TEMPLATE = {tag}

    [key k]
    KEY_LOCATION = @ROOT@/k.rsa

    [cluster {tag}]
    KEYNAME = k
    CLUSTER_SIZE = {size}
    CLUSTER_USER = sgeadmin
    """


@contextlib.contextmanager
def cluster_env(size, tag):
    """A Corral with a template `tag` of `size` nodes; terminates `tag` and cleans up on exit."""
    root = tempfile.mkdtemp(prefix="corral-bench-")
    c = Corral(root, config(size, tag))
    try:
        yield c
    finally:
        if not c.terminated:
            p = c.run("terminate", "-c", tag, check=False)
            if p.returncode != 0:
                print(f"warning: terminate {tag} exited {p.returncode}: {p.stderr.strip()}",
                      file=sys.stderr)
        shutil.rmtree(root, ignore_errors=True)


def node_inits(state_dir):
    """PIDs of the local provider's node init processes whose node lives under `state_dir`."""
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv and os.path.basename(argv[0]) == b"corral-node-init" and \
                any(state_dir.encode() in a for a in argv[1:]):
            pids.append(int(pid))
    return pids


def _pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def node_pss_kib(init_pid):
    """PSS (KiB) summed over every process in the PID namespace of node init `init_pid`."""
    try:
        ns = os.readlink(f"/proc/{init_pid}/ns/pid")
    except OSError:
        return 0
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.readlink(f"/proc/{pid}/ns/pid") != ns:
                continue
        except OSError:
            continue
        total += _pss_kib(pid)
    return total


def node_memory_mib(state_dir):
    """PSS in MiB of each node under `state_dir` (one figure per node, unordered)."""
    return [node_pss_kib(p) / 1024 for p in node_inits(state_dir)]


_COUNTS_RE = re.compile(r"remote operations: (.*)$", re.M)
_HOST_RE = re.compile(r"(\S+) (\d+) \(run (\d+), put (\d+), get (\d+)\)")


def remote_op_counts(stderr):
    """Per-host remote operation totals from the debug line `corral -d` prints at the end of a
    command (CountingRemote); summed when a command opened its Remote more than once."""
    counts = {}
    for m in _COUNTS_RE.finditer(stderr):
        for h in _HOST_RE.finditer(m.group(1)):
            counts[h.group(1)] = counts.get(h.group(1), 0) + int(h.group(2))
    return counts


def require_root():
    if os.geteuid() != 0:
        sys.exit("the local provider needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN)")
    if not os.access(CORRAL, os.X_OK):
        sys.exit(f"corral binary not found at {CORRAL}; build it or set CORRAL_BIN")
