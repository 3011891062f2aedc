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
    queue_empty.last = out
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


def pid_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_daemon_status_lock_stats_plot_and_stop(cluster):
    """`loadbalance --daemon` on the local provider: detached on this host, seen by --status,
    refuses a second balancer, grows for queued jobs, redraws its plot while running, fills the
    stats CSV's averages from qacct, and --stop ends it by PID."""
    c = cluster
    log_path = os.path.join(c.root, "daemon.jsonl")
    stats = os.path.join(c.root, "stats.csv")
    plots = os.path.join(c.root, "plots")
    started = c.run("loadbalance", "demo", "--daemon", "-m", "3", "-n", "1", "-i", "5", "-w", "0",
                    "--idle-time", "10", "--log", log_path, "-D", stats, "-P", plots)
    line = started.stdout.splitlines()[0]
    assert line.startswith("cluster demo: balancer started on this host (pid "), started.stdout
    pid = int(line.split("(pid ")[1].rstrip(")"))
    try:
        assert pid_alive(pid)
        assert os.getsid(pid) != os.getsid(0)  # detached from the test's session
        output = os.path.join(c.state, "logs", "demo-balancer.out")
        assert f"output:    {output}" in started.stdout
        wait_for(lambda: os.path.exists(log_path) and os.path.getsize(log_path) > 0, 60,
                 "the daemon's first decision")

        status = c.run("loadbalance", "demo", "--status").stdout
        assert f"cluster demo: balancer running on this host (pid {pid})" in status, status
        assert "mode:      detached" in status and f"decisions: {log_path}" in status, status
        assert "last:      " in status, status

        # Neither a foreground balancer nor a second daemon may fight it.
        lock = os.path.join(c.state, "locks", "demo-balancer.lock")
        refusal = f"another corral loadbalance is running for this cluster (lock {lock} is held)"
        for args in (["--max-iterations", "1"], ["--daemon"]):
            second = c.run("loadbalance", "demo", *args, check=False, timeout=60)
            assert second.returncode == 1 and refusal in second.stderr, second.stderr

        # The plot exists while the balancer runs, and is redrawn as polls go by.
        svg = os.path.join(plots, "loadbalance.svg")
        wait_for(lambda: os.path.exists(svg), 60, "the first plot")
        first = open(svg).read()
        assert first.startswith("<svg")
        jobs = "; ".join(["qsub -b y -o /dev/null -e /dev/null sleep 15"] * 6)
        c.run("sshmaster", "-u", "sgeadmin", "demo", "--", jobs)
        wait_for(lambda: node_count(c) > 1, 240, "the cluster to grow")
        wait_for(lambda: open(svg).read() != first, 60, "the plot to be redrawn")
        try:
            wait_for(lambda: queue_empty(c), 300, "every job to finish")
        except AssertionError as e:
            raise AssertionError(f"{e}; queue:\n{queue_empty.last}")
        done = c.run("sshmaster", "demo", "--", "qacct -j | grep -c '^jobname.*sleep'", check=False)
        assert done.stdout.strip() == "6", done.stdout + done.stderr

        # Once jobs finished, qacct feeds the averages (duration ~15 s; wait >= 0).
        def averages():
            rows = [r.split(",") for r in open(stats).read().splitlines()]
            return [r for r in rows if len(r) == 8 and r[5] and r[6]]
        rows = wait_for(averages, 60, "a stats row with averages")
        assert 14 <= float(rows[-1][5]) <= 60 and float(rows[-1][6]) >= 0, rows[-1]
        wait_for(lambda: node_count(c) == 1, 240, "the cluster to shrink back to 1 node")

        stop = c.run("loadbalance", "demo", "--stop", timeout=300)
        assert f"cluster demo: balancer (pid {pid}) stopped" in stop.stdout, stop.stdout
        assert not pid_alive(pid)
        after = c.run("loadbalance", "demo", "--status").stdout
        assert "cluster demo: no balancer is running on this host" in after, after
    finally:
        if pid_alive(pid):
            os.kill(pid, signal.SIGTERM)
            wait_for(lambda: not pid_alive(pid), 300, "the daemon to exit")
    lines = [json.loads(l) for l in open(log_path)]
    actions = [l["action"] for l in lines]
    assert "add" in actions and "remove" in actions, actions
    assert not any("error" in l for l in lines), [l for l in lines if "error" in l]
    assert "Stopped by signal" in open(output).read()


def test_daemon_usage_errors(cluster):
    c = cluster
    r = c.run("loadbalance", "demo", "--daemon", "--stop", check=False)
    assert r.returncode == 2
    assert r.stderr == "!!! ERROR - --daemon, --status and --stop cannot be combined\n"
    r = c.run("loadbalance", "demo", "--stop")
    assert r.stdout == "cluster demo: no balancer is running on this host\n"
