"""Issue 5 acceptance: the EC2 provider through the real corral binary, against the fake EC2
endpoint (tests/fake_ec2/fake_ec2.py) on loopback. The fake verifies every SigV4 signature and
checks every parameter against botocore's EC2 model; /_state shows what the account holds, so
each test ends by asserting that nothing leaked.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import textwrap
import time
import urllib.request

import pytest

CORRAL = os.environ.get("CORRAL_BIN", os.path.join(os.path.dirname(__file__), "..", "build", "corral"))
FAKE = os.path.join(os.path.dirname(__file__), "fake_ec2", "fake_ec2.py")
MODEL = "/usr/lib/python3/dist-packages/botocore/data/ec2/2016-11-15/service-2.json"
ACCESS_KEY = "AKIAFAKEFAKEFAKEFAKE"
SECRET_KEY = "fake/secret/key/for/corral/tests/0000000"

pytestmark = pytest.mark.skipif(not os.path.exists(MODEL), reason="python3-botocore is not installed")

CONFIG = """
[global]
DEFAULT_TEMPLATE = three

[aws info]
AWS_ACCESS_KEY_ID = {access}
AWS_SECRET_ACCESS_KEY = {secret}
AWS_REGION_NAME = {region}
AWS_REGION_HOST = 127.0.0.1
AWS_PORT = {port}
AWS_IS_SECURE = False

[key k]
KEY_LOCATION = {key}

[cluster three]
KEYNAME = k
CLUSTER_SIZE = 3
NODE_IMAGE_ID = ami-0fake000000000x86
NODE_INSTANCE_TYPE = {itype}
"""


class FakeEc2:
    """The fake endpoint as a child process, stopped by PID."""

    def __init__(self, *flags):
        self.proc = subprocess.Popen(["python3", FAKE, *flags], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("PORT "), "fake_ec2.py did not start"
        self.port = int(line.split()[1])

    def control(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", data=data) as r:
            return json.loads(r.read())

    def state(self):
        return self.control("/_state")

    def stop(self):
        os.kill(self.proc.pid, signal.SIGTERM)
        self.proc.wait()


class Corral:
    def __init__(self, root, fake, **overrides):
        self.root = root
        self.fake = fake
        self.config = os.path.join(root, "config")
        self.write_config(**overrides)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        # HOME keeps known_hosts and ~/.aws private to the test; no instance-role lookups.
        self.env = dict(env, CORRAL_CONFIG=self.config, HOME=root, AWS_EC2_METADATA_DISABLED="true")

    def write_config(self, **overrides):
        values = dict(access=ACCESS_KEY, secret=SECRET_KEY, region="us-east-1", port=self.fake.port,
                      key=os.path.join(self.root, "k.rsa"), itype="c5.large")
        values.update(overrides)
        with open(self.config, "w") as f:
            f.write(textwrap.dedent(CONFIG.format(**values)))

    def run(self, *args, check=True, timeout=300):
        p = subprocess.run([CORRAL, *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        if check and p.returncode != 0:
            raise AssertionError(f"corral {' '.join(args)} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
        return p

    def popen(self, *args):
        return subprocess.Popen([CORRAL, *args], env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)


@pytest.fixture
def root():
    d = tempfile.mkdtemp(prefix="corral-ec2-e2e-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def fake():
    f = FakeEc2()
    yield f
    f.stop()


def nodes(listing):
    return {l.split()[0]: l.split()[1] for l in listing.splitlines() if l.startswith("    ") and " i-" in l}


def live_instances(state):
    return {i: v for i, v in state["instances"].items() if v["state"] != "terminated"}


def assert_nothing_leaked(fake, keep_volumes=()):
    state = fake.state()
    assert live_instances(state) == {}
    assert [g["name"] for g in state["groups"].values()] == ["default"]
    assert [s for s in state["spot_requests"].values() if s["state"] in ("open", "active")] == []
    assert state["placement_groups"] == []
    # Root volumes go with their instances (DeleteOnTermination); the user's volumes stay.
    assert sorted(state["volumes"]) == sorted(keep_volumes)


def error_lines(p):
    return [l for l in p.stderr.splitlines() if l.startswith("!!! ERROR")]


def lifecycle(c):
    c.run("createkey", "k", "-o", os.path.join(c.root, "k.rsa"))
    c.run("start", "-o", "demo")
    assert nodes(c.run("listclusters", "demo").stdout) == {
        "master": "running", "node001": "running", "node002": "running"}
    # No machines behind the fake: shutdown hooks cannot reach the nodes, so stop with -f.
    c.run("stop", "-c", "-f", "demo")
    assert set(nodes(c.run("listclusters", "demo").stdout).values()) == {"stopped"}
    c.run("start", "-x", "-o", "demo")
    assert set(nodes(c.run("listclusters", "demo").stdout).values()) == {"running"}
    c.run("terminate", "-c", "-f", "demo")


def test_lifecycle_leaks_nothing(root, fake):
    c = Corral(root, fake)
    lifecycle(c)
    assert_nothing_leaked(fake)
    stats = fake.control("/_stats")
    assert stats["RunInstances"] == 1  # one launch group: master and workers share type and image


def test_lifecycle_survives_throttling_and_eventual_consistency(root, fake):
    c = Corral(root, fake)
    fake.control("/_config", {"throttle_rate": 0.2, "consistency_delay": 1.0})
    lifecycle(c)
    assert_nothing_leaked(fake)
    assert fake.control("/_stats").get("_throttled", 0) > 0


def test_addnode_launches_more_nodes(root, fake):
    c = Corral(root, fake)
    if "-o," not in c.run("addnode", "--help").stdout:
        pytest.skip("addnode has no way to skip setup yet, and the fake has no machines to set up")
    c.run("createkey", "k", "-o", os.path.join(c.root, "k.rsa"))
    c.run("start", "-o", "demo")
    c.run("addnode", "-o", "-n", "2", "demo")
    assert set(nodes(c.run("listclusters", "demo").stdout)) == {
        "master", "node001", "node002", "node003", "node004"}
    c.run("terminate", "-c", "-f", "demo")
    assert_nothing_leaked(fake)


def test_killed_start_then_terminate_leaks_nothing(root):
    fake = FakeEc2("--latency", "0.02", "--seed", "3")
    try:
        c = Corral(root, fake)
        c.run("createkey", "k", "-o", os.path.join(c.root, "k.rsa"))
        rng = random.Random(11)
        for n in range(4):
            tag = f"killed{n}"
            p = c.popen("start", "-o", tag)
            time.sleep(rng.uniform(0.05, 0.6))
            p.kill()
            p.wait()
            c.run("terminate", "-c", "-f", tag, check=False)
        assert_nothing_leaked(fake)
    finally:
        fake.stop()


@pytest.mark.parametrize("change,code,message", [
    (dict(secret="not-the-secret"), 1,
     "!!! ERROR - AuthFailure: AWS was not able to validate the provided access credentials"),
    (dict(region="xx-nowhere-1"), 2,
     "!!! ERROR - unknown or disabled region 'xx-nowhere-1' (AuthFailure: Credential should be scoped "
     "to a valid region, not 'xx-nowhere-1'.); 'corral listregions' lists the regions"),
    (dict(itype="c9.huge"), 2, "!!! ERROR - unknown instance type 'c9.huge' in region us-east-1"),
    (dict(key="@ROOT@/missing.rsa"), 2, "!!! ERROR - key file @ROOT@/missing.rsa of key k does not exist"),
], ids=["bad-credentials", "unknown-region", "unknown-instance-type", "missing-key-file"])
def test_bad_settings_give_one_clear_line_and_launch_nothing(root, fake, change, code, message):
    c = Corral(root, fake)
    c.run("createkey", "k", "-o", os.path.join(root, "k.rsa"))
    change = {k: v.replace("@ROOT@", root) for k, v in change.items()}
    c.write_config(**change)
    p = c.run("start", "-o", "bad", check=False)
    assert p.returncode == code
    assert error_lines(p) == [message.replace("@ROOT@", root)]
    assert fake.state()["instances"] == {}
