"""Issue 7 acceptance: `SCHEDULER = slurm` gives a working Slurm cluster on the local provider,
and membership changes leave running jobs alone."""
import os
import subprocess
import time

import pytest

from corral_e2e import Corral, needs_root

pytestmark = needs_root()

CONFIG = """
[global]
DEFAULT_TEMPLATE = slurm3
CLOUD = local

[key k]
KEY_LOCATION = @ROOT@/k.rsa

[cluster slurm3]
KEYNAME = k
CLUSTER_SIZE = 3
CLUSTER_USER = sgeadmin
SCHEDULER = slurm
"""


def wait_for(predicate, timeout=120, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("slurm"))
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(root, "k.rsa")],
                   check=True)
    c = Corral(root, CONFIG)
    tag = f"sl{os.getpid()}"
    try:
        c.run("start", tag)
        yield c, tag
    finally:
        c.run("terminate", "-c", "-f", tag, check=False)


def user(c, tag, command):
    return c.ssh(tag, "master", command, user="sgeadmin")


def node_states(c, tag):
    out = c.ssh(tag, "master", "sinfo -h -N -p all -o '%N %t'")
    return dict(line.split() for line in out.splitlines() if line.strip())


def test_jobs_run_where_asked_span_nodes_and_are_accounted(cluster):
    c, tag = cluster
    assert node_states(c, tag) == {"master": "idle", "node001": "idle", "node002": "idle"}
    # a batch job pinned to node002, output in the shared home
    jid = user(c, tag, "cd ~ && sbatch --parsable -w node002 -o pinned.out --wrap 'hostname; id -un'")
    wait_for(lambda: user(c, tag, "cat ~/pinned.out 2>/dev/null || true"), what="the pinned job's output")
    assert user(c, tag, "cat ~/pinned.out").split() == ["node002", "sgeadmin"]
    # the file is on the shared /home: node001 sees it too
    assert c.ssh(tag, "node001", "cat /home/sgeadmin/pinned.out").split()[0] == "node002"
    # an interactive 3-node job spans every node
    hosts = user(c, tag, "srun -N3 hostname").split()
    assert sorted(hosts) == ["master", "node001", "node002"]
    # accounting keeps finished jobs (slurmdbd writes them shortly after they end)
    def accounted():
        out = user(c, tag, "sacct -n -X -P --format=JobID,State,NodeList")
        rows = {r.split("|")[0]: r.split("|")[1:] for r in out.splitlines() if r}
        return rows if jid in rows and rows[jid] == ["COMPLETED", "node002"] and len(rows) >= 2 else None
    rows = wait_for(accounted, timeout=60, what="sacct to list the jobs")
    assert any(v == ["COMPLETED", "master,node[001-002]"] for v in rows.values()), rows
    # one partition per node type besides the default one
    parts = c.ssh(tag, "master", "sinfo -h -o '%P'").split()
    assert "all*" in parts and len(parts) == 2, parts


def test_addnode_and_removenode_leave_a_running_job_alone(cluster):
    c, tag = cluster
    jid = user(c, tag, "cd ~ && sbatch --parsable -w node001 -o long.out --wrap 'sleep 600'")
    wait_for(lambda: user(c, tag, f"squeue -h -j {jid} -o %T") == "RUNNING", what="the long job")
    c.run("addnode", tag)
    states = node_states(c, tag)
    assert states.get("node003") == "idle", states
    out = user(c, tag, "srun -w node003 hostname")
    assert out == "node003"
    # a node running a job is refused (drained, nothing removed), then removal of the idle one
    p = c.run("removenode", "-c", "-a", "node001", tag, check=False)
    assert p.returncode != 0 and f"node001 still runs job {jid}" in p.stdout + p.stderr
    c.ssh(tag, "master", "scontrol update nodename=node001 state=resume")
    c.run("removenode", "-c", "-a", "node003", tag)
    states = node_states(c, tag)
    assert "node003" not in states and not any("down" in s for s in states.values()), states
    assert user(c, tag, f"squeue -h -j {jid} -o '%T %N'") == "RUNNING node001"
    assert "node003" not in c.run("listclusters", tag).stdout
    user(c, tag, f"scancel {jid}")


def test_restart_sets_slurm_up_again(cluster):
    c, tag = cluster
    c.run("restart", tag)
    wait_for(lambda: set(node_states(c, tag).values()) == {"idle"}, what="idle nodes after restart")
    assert sorted(user(c, tag, "srun -N3 hostname").split()) == ["master", "node001", "node002"]


ONE = CONFIG.replace("CLUSTER_SIZE = 3", "CLUSTER_SIZE = 1")


def test_loadbalance_grows_and_shrinks_a_slurm_cluster(tmp_path):
    """The corral policy reads Slurm's queue (squeue/sinfo --json) as it reads Grid Engine's."""
    import json
    import signal
    from corral_e2e import CORRAL
    root = str(tmp_path)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(root, "k.rsa")],
                   check=True)
    c = Corral(root, ONE)
    tag = f"lb{os.getpid()}"

    def nodes():
        out = c.run("listclusters", tag).stdout
        return sum(1 for l in out.splitlines() if l.strip().startswith(("master", "node")) and "running" in l)

    log_path = os.path.join(root, "balancer.jsonl")
    try:
        c.run("start", tag)
        out = open(os.path.join(root, "balancer.out"), "w")
        bal = subprocess.Popen([CORRAL, "loadbalance", "-m", "3", "-n", "1", "-i", "5", "-w", "0",
                                "--idle-time", "10", "--log", log_path, tag],
                               env=c.env, stdout=out, stderr=subprocess.STDOUT)
        try:
            jobs = "; ".join(["sbatch -o /dev/null --wrap 'sleep 10' >/dev/null"] * 12)
            user(c, tag, jobs)
            wait_for(lambda: nodes() > 1, 240, "the cluster to grow")
            wait_for(lambda: user(c, tag, "squeue -h") == "", 300, "every job to finish")
            wait_for(lambda: nodes() == 1, 240, "the cluster to shrink back to 1 node")
        finally:
            bal.send_signal(signal.SIGTERM)
            try:
                rc = bal.wait(timeout=180)
            except subprocess.TimeoutExpired:
                bal.kill()
                rc = bal.wait()
            out.close()
        assert rc == 0, open(os.path.join(root, "balancer.out")).read()
        lines = [json.loads(l) for l in open(log_path)]
        actions = [l["action"] for l in lines]
        assert "add" in actions and "remove" in actions
        assert not any("error" in l for l in lines), [l for l in lines if "error" in l]
        done = user(c, tag, "sacct -n -X -P -a --format=State | grep -c COMPLETED || true")
        assert done == "12", done
    finally:
        c.run("terminate", "-c", "-f", tag, check=False)
