"""Helpers for end-to-end tests that drive the built corral binary on the local provider.

Each test session gets its own state directory and config under a temporary directory, so tests
never touch a developer's clusters; every cluster a test starts is terminated by the fixture that
started it, even when the test fails.
"""
import os
import shutil
import subprocess
import tempfile
import textwrap

import pytest

CORRAL = os.environ.get("CORRAL_BIN", os.path.join(os.path.dirname(__file__), "..", "build", "corral"))


def needs_root():
    return pytest.mark.skipif(os.geteuid() != 0, reason="the local provider needs root")


class Corral:
    """Runs `corral` with a private config and state directory."""

    def __init__(self, root, config_text):
        self.root = root
        self.state = os.path.join(root, "state")
        self.config = os.path.join(root, "config")
        with open(self.config, "w") as f:
            f.write(textwrap.dedent(config_text).replace("@ROOT@", root))
        self.env = dict(os.environ, CORRAL_CONFIG=self.config, CORRAL_STATE_DIR=self.state)

    def run(self, *args, check=True, input=None, timeout=600):
        p = subprocess.run([CORRAL, *args], env=self.env, input=input, capture_output=True,
                           text=True, timeout=timeout)
        if check and p.returncode != 0:
            raise AssertionError(f"corral {' '.join(args)} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
        return p

    def ssh(self, tag, node, command, user=None, check=True):
        args = ["sshnode", tag, node]
        if user:
            args += ["-u", user]
        p = self.run(*args, "--", command, check=check)
        return p.stdout.strip() if check else p

    def terminate_all(self):
        p = self.run("listclusters", check=False)
        for line in p.stdout.splitlines():
            if "(security group: @sc-" in line:
                self.run("terminate", "-c", "-f", line.split()[0], check=False)


def host_objects():
    """Network namespaces, links, node init processes and mounts of corral on this machine."""
    netns = set(subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout.split("\n"))
    netns = {n.split()[0] for n in netns if n.startswith("corral-")}
    links = subprocess.run(["ip", "-br", "link"], capture_output=True, text=True).stdout.splitlines()
    links = {l.split()[0].split("@")[0] for l in links if l.startswith(("cbr-", "cve-"))}
    procs = set()
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if b"corral-node-init" in f.read():
                        procs.add(int(pid))
            except OSError:
                pass
    with open("/proc/mounts") as f:
        mounts = {l.split()[1] for l in f}
    return {"netns": netns, "links": links, "procs": procs, "mounts": mounts}


@pytest.fixture
def tmp_root():
    d = tempfile.mkdtemp(prefix="corral-e2e-")
    yield d
    shutil.rmtree(d, ignore_errors=True)
