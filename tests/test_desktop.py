"""Issue 8 acceptance: the built-in desktop plugin gives a remote desktop on the master that
Debian's headless Chromium reaches through noVNC over HTTPS, with the password corral printed."""
import hashlib
import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.request

import pytest

from chromium_cdp import Browser
from corral_e2e import Corral, needs_root

pytestmark = needs_root()

TAG = "deskt"
USER = "sgeadmin"
CONFIG = """
[global]
DEFAULT_TEMPLATE = gui
CLOUD = local

[cluster gui]
CLUSTER_SIZE = 2
CLUSTER_USER = sgeadmin
PLUGINS = desktop

[plugin desktop]
GEOMETRY = 1280x800
"""

# A terminal colour nothing else on the desktop uses, to find the test's terminal in the image.
MAGENTA = "#ff00ff"
OUT = os.environ.get("CORRAL_TEST_OUT") or os.path.join(os.path.dirname(__file__), "..", "build-test-results")


def wait_for(predicate, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def parse_access(stdout):
    """The URL, password and fingerprint lines `start` and `desktop` print."""
    found = {k: re.search(rf"^  {k}:\s+(.*)$", stdout, re.M) for k in ("URL", "password", "certificate")}
    assert all(found.values()), stdout
    return {k: v.group(1).strip() for k, v in found.items()}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Corral(str(tmp_path_factory.mktemp("desktop")), CONFIG)
    try:
        p = c.run("start", TAG)
        c.start_output = p
        c.access = parse_access(p.stdout)
        c.master_ip = c.ssh(TAG, "master", "hostname -I").split()[0]
        yield c
    finally:
        c.terminate_all()


def open_desktop(url, password, width=1280, height=800):
    """A browser on `url` that was told the password as noVNC reads it (after '#', never sent to
    the server); returns the browser once noVNC is connected or has shown an error."""
    b = Browser()
    try:
        b.open(f"{url}#autoconnect=true&resize=scale&password={password}", width, height)
        wait_for(lambda: b.evaluate(
            "document.documentElement.classList.contains('noVNC_connected') || "
            "document.getElementById('noVNC_status').classList.contains('noVNC_status_error')"),
            what="noVNC to connect or fail")
    except BaseException:
        b.close()
        raise
    return b


def connected(b):
    return b.evaluate("document.documentElement.classList.contains('noVNC_connected')")


# Counts the canvas pixels of the test terminal's background (noVNC draws the remote screen into
# one canvas of the page's origin, so the page may read it back).
COUNT_MAGENTA = """(() => {
  const c = document.querySelector('#noVNC_container canvas');
  if (!c || !c.width) return 0;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] > 240 && d[i + 1] < 16 && d[i + 2] > 240) n++;
  return n / (c.width * c.height);
})()"""


def server_fingerprint(ip, port=443):
    der = ssl.PEM_cert_to_DER_cert(ssl.get_server_certificate((ip, port)))
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def test_start_prints_the_url_password_and_fingerprint(cluster):
    c, a = cluster, cluster.access
    assert a["URL"] == f"https://{c.master_ip}/vnc.html"
    assert re.fullmatch(r"[A-Za-z0-9]{8}", a["password"])
    # The fingerprint is the one of the certificate the master's HTTPS port presents.
    assert a["certificate"] == "SHA-256 " + server_fingerprint(c.master_ip)
    # The password reaches standard output only, never corral's log lines (stderr).
    assert a["password"] not in c.start_output.stderr
    # On the master it is the cluster user's alone.
    assert c.ssh(TAG, "master", "stat -c '%U %a' /etc/corral-desktop/password") == f"{USER} 600"
    assert c.ssh(TAG, "master", "cat /etc/corral-desktop/password", user=USER) == a["password"]
    again = c.run("desktop", TAG)
    assert parse_access(again.stdout) == a
    assert a["password"] not in again.stderr


def test_browser_shows_the_desktop_with_a_terminal_of_the_cluster_user(cluster):
    c, a = cluster, cluster.access
    # A terminal on the desktop, as the cluster user, that submits a job to the queue from there.
    job = "qsub -b y -j y -o $HOME/from-desktop.out hostname"
    pid = c.ssh(TAG, "master",
                f"DISPLAY=:1 setsid xterm -geometry 80x24+100+100 -bg '{MAGENTA}' -fg black "
                f"-e sh -c '{job}; exec bash' </dev/null >/dev/null 2>&1 & echo $!", user=USER)
    try:
        with open_desktop(a["URL"], a["password"]) as b:
            assert connected(b), b.evaluate("document.getElementById('noVNC_status').textContent")
            assert "Connected" in b.evaluate("document.getElementById('noVNC_status').textContent")
            # The terminal (80x24 of about 6x13-pixel cells) covers a sixth of the screen.
            share = wait_for(lambda: b.evaluate(COUNT_MAGENTA) > 0.05 and b.evaluate(COUNT_MAGENTA),
                             what="the terminal on the remote screen")
            assert share < 0.5
            os.makedirs(OUT, exist_ok=True)
            b.screenshot(os.path.join(OUT, "desktop-connected.png"))
        out = wait_for(lambda: c.run("sshmaster", TAG, f"cat /home/{USER}/from-desktop.out 2>/dev/null",
                                     check=False).stdout.strip(), timeout=120, what="the desktop's job")
        assert out in ("master", "node001")
    finally:
        c.ssh(TAG, "master", f"kill {pid}", user=USER, check=False)


def test_a_wrong_password_is_refused(cluster):
    a = cluster.access
    wrong = "x" + a["password"][1:] if a["password"][0] != "x" else "y" + a["password"][1:]
    with open_desktop(a["URL"], wrong) as b:
        assert not connected(b)
        status = b.evaluate("document.getElementById('noVNC_status').textContent")
        assert "password check failed" in status
        assert b.evaluate(COUNT_MAGENTA) == 0


def refused(ip, port):
    try:
        socket.create_connection((ip, port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def test_only_https_is_reachable_from_outside_the_master(cluster):
    c = cluster
    # VNC listens on the master's loopback only; nothing serves plain HTTP.
    assert c.ssh(TAG, "master", "ss -Hltn 'sport = :5901' | awk '{print $4}' | sort") == "127.0.0.1:5901\n[::1]:5901"
    assert refused(c.master_ip, 5901)
    assert refused(c.master_ip, 80)
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        urllib.request.urlopen(f"http://{c.master_ip}:443/vnc.html", timeout=10).read()
    # The same page over HTTPS is served.
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(f"https://{c.master_ip}/vnc.html", context=ctx, timeout=10) as r:
        assert r.status == 200 and b"noVNC" in r.read()


def desktop_pids(c):
    return c.ssh(TAG, "master", "cat /run/corral-desktop/xvfb.pid /run/corral-desktop/web.pid")


def test_rerun_is_harmless_and_the_desktop_survives_stop_and_restart(cluster):
    c, a = cluster, cluster.access
    before = desktop_pids(c)
    c.run("runplugin", "desktop", TAG)
    assert desktop_pids(c) == before  # the running desktop was left alone
    c.run("stop", "-c", TAG)
    p = c.run("start", "-x", TAG)
    assert parse_access(p.stdout) == a  # same password, same certificate
    with open_desktop(a["URL"], a["password"]) as b:
        assert connected(b)
    p = c.run("restart", TAG)
    assert parse_access(c.run("desktop", TAG).stdout) == a
    with open_desktop(a["URL"], a["password"]) as b:
        assert connected(b)
