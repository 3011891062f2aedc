"""Issue 4 acceptance: `corral start` gives a working Grid Engine cluster on the local provider."""
import json
import os
import time

import pytest

from corral_e2e import Corral, needs_root

pytestmark = needs_root()

CONFIG = """
[global]
DEFAULT_TEMPLATE = sge3
CLOUD = local

[key k]
KEY_LOCATION = @ROOT@/k.rsa

[cluster sge3]
KEYNAME = k
CLUSTER_SIZE = 3
CLUSTER_USER = sgeadmin
PLUGINS = first, second

[plugin first]
SETUP_COMMAND = @ROOT@/plugin.sh
COLOR = blue

[plugin second]
SETUP_COMMAND = @ROOT@/plugin.sh

[cluster broken]
EXTENDS = sge3
CLUSTER_SIZE = 1
PLUGINS = failing

[plugin failing]
SETUP_COMMAND = @ROOT@/failing.sh
"""

PLUGIN = """#!/bin/sh
# Records each hook call: "<plugin> <hook> <node>" and the JSON it was given.
json=$(cat)
echo "$CORRAL_PLUGIN $1 $(echo "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["node"])')" >> @ROOT@/hooks.log
echo "$json" > @ROOT@/last-$CORRAL_PLUGIN-$1.json
"""


def wait_for(predicate, timeout=120, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def exec_hosts(c):
    out = c.run("sshmaster", "demo", "qhost").stdout
    return sorted(l.split()[0] for l in out.splitlines()[3:] if l.strip())


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("sge"))
    c = Corral(root, CONFIG)
    for name, text in (("plugin.sh", PLUGIN), ("failing.sh", "#!/bin/sh\necho boom >&2\nexit 3\n")):
        path = os.path.join(root, name)
        with open(path, "w") as f:
            f.write(text.replace("@ROOT@", root))
        os.chmod(path, 0o755)
    c.run("start", "demo")
    yield c
    c.terminate_all()


def qsub(c, args):
    out = c.run("sshmaster", "-u", "sgeadmin", "demo", "--", f"cd ~ && qsub -terse {args}").stdout
    return out.strip().splitlines()[-1]


def job_output(c, name):
    path = f"/home/sgeadmin/{name}"
    return wait_for(lambda: c.run("sshmaster", "demo", f"cat {path} 2>/dev/null", check=False).stdout.strip(),
                    what=path)


def test_jobs_run_where_asked_and_user_ssh_mesh(cluster):
    c = cluster
    assert exec_hosts(c) == ["master", "node001", "node002"]
    qsub(c, "-b y -j y -o pinned.out -l hostname=node002 hostname")
    assert job_output(c, "pinned.out") == "node002"
    # An orte job of 3 slots spans nodes ($fill_up over 2-slot hosts).
    qsub(c, "-pe orte 3 -b y -j y -o orte.out cat '$PE_HOSTFILE'")
    hosts = {l.split()[0] for l in job_output(c, "orte.out").splitlines()}
    assert len(hosts) >= 2
    # The cluster user hops master -> node001 -> node002 without a password.
    hop = c.run("sshmaster", "-u", "sgeadmin", "demo", "--", "ssh node001 ssh node002 hostname").stdout
    assert hop.strip() == "node002"


def test_plugins_ran_in_order_with_the_cluster_description(cluster):
    log = open(os.path.join(cluster.root, "hooks.log")).read().splitlines()
    assert log[:2] == ["first run None", "second run None"]
    desc = json.load(open(os.path.join(cluster.root, "last-first-run.json")))
    assert desc["cluster_tag"] == "demo"
    assert desc["master"] == "master"
    assert desc["cluster_user"] == "sgeadmin"
    assert [n["alias"] for n in desc["nodes"]] == ["master", "node001", "node002"]
    assert desc["plugin"]["settings"]["color"] == "blue"


def test_addnode_and_removenode(cluster):
    c = cluster
    c.run("addnode", "-n", "2", "demo")
    assert exec_hosts(c) == ["master", "node001", "node002", "node003", "node004"]
    qsub(c, "-b y -j y -o n4.out -l hostname=node004 hostname")
    assert job_output(c, "n4.out") == "node004"
    log = open(os.path.join(c.root, "hooks.log")).read()
    assert "first on_add_node node003" in log and "second on_add_node node004" in log

    # A node running a job is not removed without -f.
    job = qsub(c, "-b y -l hostname=node003 sleep 600")
    wait_for(lambda: " r " in c.run("sshmaster", "demo", "qstat -u '*'").stdout, what="job running")
    refused = c.run("removenode", "-c", "-a", "node003", "demo", check=False)
    assert refused.returncode == 1
    assert f"node003 still runs job {job}; no new jobs start there now" in refused.stderr
    assert "node003" in c.run("listclusters", "demo").stdout

    c.run("removenode", "-c", "-a", "node004", "demo")
    assert exec_hosts(c) == ["master", "node001", "node002", "node003"]
    assert "node004" not in c.run("sshmaster", "demo", "cat /etc/hosts").stdout
    assert c.run("sshmaster", "demo", "getent hosts node004", check=False).returncode != 0
    log = open(os.path.join(c.root, "hooks.log")).read().splitlines()
    assert log[-2:] == ["second on_remove_node node004", "first on_remove_node node004"]

    c.run("removenode", "-c", "-f", "-a", "node003", "demo")
    assert exec_hosts(c) == ["master", "node001", "node002"]


def test_stop_and_resume_keeps_home(cluster):
    c = cluster
    c.run("sshmaster", "-u", "sgeadmin", "demo", "--", "echo survived > ~/keep.txt")
    c.run("stop", "-c", "demo")
    log = open(os.path.join(c.root, "hooks.log")).read().splitlines()
    assert log[-2:] == ["second on_shutdown None", "first on_shutdown None"]
    c.run("start", "-x", "demo")
    assert exec_hosts(c) == ["master", "node001", "node002"]
    assert c.ssh("demo", "node001", "cat /home/sgeadmin/keep.txt") == "survived"
    qsub(c, "-b y -j y -o after.out -l hostname=node001 hostname")
    assert job_output(c, "after.out") == "node001"


def test_restart_reboots_and_sets_up_again(cluster):
    c = cluster
    c.run("sshmaster", "demo", "touch /tmp/before-restart")  # /tmp is a per-boot tmpfs
    c.run("restart", "demo")
    assert c.run("sshmaster", "demo", "test -e /tmp/before-restart", check=False).returncode == 1
    assert exec_hosts(c) == ["master", "node001", "node002"]
    qsub(c, "-b y -j y -o restarted.out -l hostname=node002 hostname")
    assert job_output(c, "restarted.out") == "node002"


def test_failing_plugin_is_named_and_cluster_says_so(cluster):
    c = cluster
    p = c.run("start", "-c", "broken", "bad", check=False)
    try:
        assert p.returncode == 1
        assert "plugin failing (run): exited with status 3: boom" in p.stderr
        assert "it is running but not fully set up" in p.stderr
    finally:
        c.run("terminate", "-c", "-f", "bad", check=False)
