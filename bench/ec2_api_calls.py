#!/usr/bin/python3
"""API calls by action for `corral start -o` of 2, 20 and 200 nodes against the fake EC2 endpoint.

Usage: bench/ec2_api_calls.py [--corral build/corral] [--sizes 2,20,200] [--page-size 1000]

Each size runs in a fresh fake account (tests/fake_ec2/fake_ec2.py on loopback) and a private
HOME. The table shows how many calls of each action `start -o` made; apart from the polling
rounds (DescribeInstances, which depend on how long instances stay pending, not on N), counts
must not grow with N except by launch groups and pages. Also prints `terminate`'s calls.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "..", "tests", "fake_ec2", "fake_ec2.py")
CONFIG = """
[global]
DEFAULT_TEMPLATE = bench
[aws info]
AWS_ACCESS_KEY_ID = AKIAFAKEFAKEFAKEFAKE
AWS_SECRET_ACCESS_KEY = fake/secret/key/for/corral/tests/0000000
AWS_REGION_HOST = 127.0.0.1
AWS_PORT = {port}
AWS_IS_SECURE = False
[key k]
KEY_LOCATION = {root}/k.rsa
[cluster bench]
KEYNAME = k
CLUSTER_SIZE = {size}
NODE_IMAGE_ID = ami-0fake000000000x86
NODE_INSTANCE_TYPE = c5.large
"""


def call(port, path, body=None):
    data = None if body is None else b"{}"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", data=data) as r:
        return json.loads(r.read())


def measure(corral, size, page_size):
    fake = subprocess.Popen(["python3", FAKE, "--page-size", str(page_size)], stdout=subprocess.PIPE, text=True)
    try:
        port = int(fake.stdout.readline().split()[1])
        with tempfile.TemporaryDirectory(prefix="corral-bench-") as root:
            with open(os.path.join(root, "config"), "w") as f:
                f.write(CONFIG.format(port=port, root=root, size=size))
            env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            env.update(CORRAL_CONFIG=os.path.join(root, "config"), HOME=root, AWS_EC2_METADATA_DISABLED="true")

            def run(*args, check=True):
                return subprocess.run([corral, *args], env=env, check=check, capture_output=True,
                                      text=True, timeout=600)
            run("createkey", "k", "-o", os.path.join(root, "k.rsa"))
            call(port, "/_reset_stats", {})
            run("start", "-o", "bench")
            start = call(port, "/_stats")
            call(port, "/_reset_stats", {})
            t = run("terminate", "-c", "-f", "bench", check=False)
            if t.returncode != 0:
                print(f"N={size}: terminate failed: {t.stderr.strip().splitlines()[-1]}", file=sys.stderr)
            terminate = call(port, "/_stats")
        return start, terminate
    finally:
        os.kill(fake.pid, signal.SIGTERM)
        fake.wait()


def table(title, results, sizes):
    actions = sorted({a for r in results for a in r})
    print(f"\n{title}")
    print(f"{'action':32}" + "".join(f"{f'N={n}':>8}" for n in sizes))
    for a in actions:
        print(f"{a:32}" + "".join(f"{r.get(a, 0):>8}" for r in results))
    print(f"{'total':32}" + "".join(f"{sum(v for k, v in r.items() if not k.startswith('_')):>8}" for r in results))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corral", default=os.path.join(HERE, "..", "build", "corral"))
    p.add_argument("--sizes", default="2,20,200")
    p.add_argument("--page-size", type=int, default=1000)
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = [measure(args.corral, n, args.page_size) for n in sizes]
    table("corral start -o: EC2 API calls by action", [r[0] for r in runs], sizes)
    table("corral terminate: EC2 API calls by action", [r[1] for r in runs], sizes)


if __name__ == "__main__":
    sys.exit(main())
