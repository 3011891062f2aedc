"""Issue 3 acceptance: the local provider's lifecycle through the real corral binary."""
import os
import sqlite3

import pytest

from corral_e2e import Corral, host_objects, needs_root, tmp_root  # noqa: F401

pytestmark = needs_root()

CONFIG = """
[global]
DEFAULT_TEMPLATE = three
CLOUD = local

[key k]
KEY_LOCATION = @ROOT@/k.rsa

[cluster three]
KEYNAME = k
CLUSTER_SIZE = 3

[cluster one]
KEYNAME = k
CLUSTER_SIZE = 1
VOLUMES = data

[volume data]
VOLUME_ID = @VOLUME@
MOUNT_PATH = /data
"""


def node_lines(listing):
    return [l.split() for l in listing.splitlines() if l.startswith("    ") and " i-" in l]


def test_lifecycle_create_only(tmp_root):
    c = Corral(tmp_root, CONFIG.replace("@VOLUME@", "vol-none"))
    before = host_objects()
    try:
        c.run("start", "-o", "demo")
        assert c.run("sshmaster", "demo", "hostname").stdout.strip() == "master"
        assert c.ssh("demo", "node002", "hostname") == "node002"
        listing = c.run("listclusters").stdout
        nodes = node_lines(listing)
        assert [n[0] for n in nodes] == ["master", "node001", "node002"]
        assert all(n[1] == "running" for n in nodes)
        assert "Total nodes: 3" in listing
        addresses = {n[0]: n[3] for n in nodes}
        for alias, ip in addresses.items():
            # Each node sees its own address on its own interface.
            assert ip in c.ssh("demo", alias, "ip -4 -o addr show dev eth0")
        # Node to node by name, with the nodes' own strict host key checking.
        assert c.ssh("demo", "node001", "ssh -o StrictHostKeyChecking=yes node002 hostname") == "node002"
        # put then get round-trips a file.
        src = os.path.join(tmp_root, "payload")
        with open(src, "w") as f:
            f.write("payload 42\n")
        c.run("put", "demo", src, "/root/payload")
        c.run("get", "demo", "/root/payload", os.path.join(tmp_root, "back"))
        assert open(os.path.join(tmp_root, "back")).read() == "payload 42\n"
        # A remote command's exit status is corral's.
        assert c.run("sshmaster", "demo", "exit 7", check=False).returncode == 7

        c.ssh("demo", "node001", "echo kept > /root/marker")
        c.run("stop", "-c", "demo")
        stopped = c.run("sshmaster", "demo", "hostname", check=False)
        assert stopped.returncode == 1
        assert "node master of cluster demo is stopped: start it with 'corral start -x demo'" in stopped.stderr
        c.run("start", "-x", "-o", "demo")
        again = {n[0]: n[3] for n in node_lines(c.run("listclusters", "demo").stdout)}
        assert again == addresses
        assert c.ssh("demo", "node001", "cat /root/marker") == "kept"
        assert c.ssh("demo", "node001", "hostname") == "node001"
    finally:
        c.run("terminate", "-c", "demo", check=False)
    after = host_objects()
    for kind in ("netns", "links", "procs"):
        assert after[kind] - before[kind] == set(), kind
    assert not [m for m in after["mounts"] if m.startswith(c.state)]
    db = sqlite3.connect(os.path.join(c.state, "state.db"))
    assert db.execute("select count(*) from instances").fetchone()[0] == 0
    assert "No clusters found" in c.run("listclusters").stderr


def test_terminate_needs_confirmation(tmp_root):
    c = Corral(tmp_root, CONFIG.replace("@VOLUME@", "vol-none"))
    try:
        c.run("start", "-o", "-s", "1", "demo")
        p = c.run("terminate", "demo", input="n\n")
        assert "Terminate cluster demo (y/n)?" in p.stdout
        assert "Cluster demo left as it is" in p.stderr
        assert "master running" in c.run("listclusters", "demo").stdout
        c.run("terminate", "demo", input="y\n")
        assert "No clusters found" in c.run("listclusters").stderr
    finally:
        c.terminate_all()


def test_volume_survives_terminate_and_attaches_to_next_cluster(tmp_root):
    c = Corral(tmp_root, CONFIG.replace("@VOLUME@", "vol-none"))
    vol = c.run("createvolume", "1", "local", "-n", "data").stdout.strip()
    assert vol.startswith("vol-")
    c = Corral(tmp_root, CONFIG.replace("@VOLUME@", vol))
    try:
        c.run("start", "-o", "-c", "one", "first")
        c.ssh("first", "master", "echo results > /data/r.txt")
        assert f"{vol} on master" in c.run("listclusters", "first").stdout
        c.run("terminate", "-c", "first")
        assert "available" in c.run("listvolumes").stdout
        c.run("start", "-o", "-c", "one", "second")
        assert c.ssh("second", "master", "cat /data/r.txt") == "results"
        refused = c.run("removevolume", "-c", vol, check=False)
        assert refused.returncode == 1 and "detach it" in refused.stderr
    finally:
        c.terminate_all()
    c.run("removevolume", "-c", vol)
    assert "Total: 0" in c.run("listvolumes").stdout


def test_two_clusters_side_by_side(tmp_root):
    c = Corral(tmp_root, CONFIG.replace("@VOLUME@", "vol-none"))
    try:
        c.run("start", "-o", "-s", "2", "left")
        c.run("start", "-o", "-s", "2", "right")
        left = {n[0]: n[3] for n in node_lines(c.run("listclusters", "left").stdout)}
        right = {n[0]: n[3] for n in node_lines(c.run("listclusters", "right").stdout)}
        assert set(left.values()).isdisjoint(right.values())
        c.ssh("left", "master", "echo L > /home/which")
        c.ssh("right", "master", "echo R > /home/which")
        assert c.ssh("left", "node001", "cat /home/which") == "L"
        assert c.ssh("right", "node001", "cat /home/which") == "R"
        # A node of one cluster cannot reach the other cluster's nodes.
        p = c.ssh("left", "master", f"ping -c1 -W1 {right['master']}", check=False)
        assert p.returncode != 0
        c.run("terminate", "-c", "left")
        assert c.ssh("right", "node001", "hostname") == "node001"
    finally:
        c.terminate_all()


def test_keys_and_bad_input(tmp_root):
    c = Corral(tmp_root, CONFIG.replace("@VOLUME@", "vol-none"))
    out = c.run("createkey", "extra", "-o", os.path.join(tmp_root, "extra.rsa")).stdout
    assert out.startswith("fingerprint: SHA256:")
    assert oct(os.stat(os.path.join(tmp_root, "extra.rsa")).st_mode & 0o777) == "0o400"
    assert "extra  SHA256:" in c.run("listkeypairs").stdout
    c.run("removekey", "-c", "extra")
    assert "extra" not in c.run("listkeypairs").stdout
    unknown = c.run("sshmaster", "nosuch", "true", check=False)
    assert unknown.returncode == 1
    assert unknown.stderr.strip().endswith("cluster nosuch does not exist")
    bad_flag = c.run("start", "--bogus", "x", check=False)
    assert bad_flag.returncode == 2
    assert "--bogus" in bad_flag.stderr
    assert "No clusters found" in c.run("listclusters").stderr
