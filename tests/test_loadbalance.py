"""Issue 6 acceptance: `corral loadbalance` grows a 1-node Grid Engine cluster on the local
provider while 20 short jobs wait, every job finishes, it shrinks back to 1 node, and the
JSON-lines log explains each step."""
import json
import os
import signal
import subprocess
import time

import pytest

from corral_e2e import CORRAL, Corral, needs_root

pytestmark = needs_root()

CONFIG = """
[global]
DEFAULT_TEMPLATE = one
CLOUD = local

[key k]
KEY_LOCATION = @ROOT@/k.rsa

[cluster one]
KEYNAME = k
CLUSTER_SIZE = 1
CLUSTER_USER = sgeadmin
"""


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def node_count(c):
    out = c.run("listclusters", "demo").stdout
    return sum(1 for l in out.splitlines() if l.strip().startswith(("master", "node")) and "running" in l)


def queue_empty(c):
    out = c.run("sshmaster", "-u", "sgeadmin", "demo", "--", "qstat -u '*'", check=False).stdout
    return out.strip() == ""


@pytest.fixture
def cluster(tmp_path):
    c = Corral(str(tmp_path), CONFIG)
    try:
        c.run("start", "demo")
        yield c
    finally:
        c.terminate_all()


def test_grows_for_queued_jobs_then_shrinks_back(cluster):
    c = cluster
    assert node_count(c) == 1
    log_path = os.path.join(c.root, "balancer.jsonl")
    out = open(os.path.join(c.root, "balancer.out"), "w")
    bal = subprocess.Popen([CORRAL, "loadbalance", "-m", "4", "-n", "1", "-i", "5", "-w", "0",
                            "--idle-time", "10", "--log", log_path, "demo"],
                           env=c.env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: os.path.exists(log_path) and os.path.getsize(log_path) > 0, 60,
                 "the balancer's first decision")
        # A second balancer on the same cluster is refused, naming the lock.
        second = c.run("loadbalance", "demo", "--max-iterations", "1", check=False, timeout=60)
        assert second.returncode == 1
        lock = os.path.join(c.state, "locks", "demo-balancer.lock")
        assert (f"another corral loadbalance is running for this cluster (lock {lock} is held)"
                in second.stderr)

        jobs = "; ".join(["qsub -b y -o /dev/null -e /dev/null sleep 5"] * 20)
        c.run("sshmaster", "-u", "sgeadmin", "demo", "--", jobs)
        wait_for(lambda: node_count(c) > 1, 240, "the cluster to grow")
        wait_for(lambda: queue_empty(c), 300, "every job to finish")
        done = c.run("sshmaster", "demo", "--", "qacct -j | grep -c '^jobname.*sleep'", check=False)
        assert done.stdout.strip() == "20", done.stdout + done.stderr
        wait_for(lambda: node_count(c) == 1, 240, "the cluster to shrink back to 1 node")
    finally:
        bal.send_signal(signal.SIGTERM)
        try:
            rc = bal.wait(timeout=180)
        except subprocess.TimeoutExpired:
            bal.kill()
            rc = bal.wait()
        out.close()
    assert rc == 0, open(os.path.join(c.root, "balancer.out")).read()

    lines = [json.loads(l) for l in open(log_path)]
    assert all(l["reason"] for l in lines)
    actions = [l["action"] for l in lines]
    assert "add" in actions and "remove" in actions
    assert actions.index("add") < actions.index("remove")
    assert max(l["nodes"] for l in lines if "nodes" in l) <= 4
    assert not any("error" in l for l in lines), [l for l in lines if "error" in l]
