/* corral-node-init: PID 1 of a local-provider node (see docs/local-provider.md).
 *
 * Usage: corral-node-init [BOOT_SCRIPT [ARG...]]
 *
 * Runs BOOT_SCRIPT with /bin/sh (mounts, hostname, sshd), then stays as the node's init: it reaps
 * every orphan that the kernel reparents to it (daemons double-fork), and on SIGTERM, SIGINT or
 * SIGHUP it sends SIGTERM to every other process of the node (kill(-1) inside a PID namespace
 * reaches only that namespace), waits at most 3 s for them, and exits; the kernel then SIGKILLs
 * whatever is left. If the boot script fails, the node exits at once with status 1.
 *
 * Signals are blocked and taken with sigtimedwait, so no handler runs concurrently with the loop.
 * A blocked signal is never discarded for a namespace init, so the host's SIGTERM arrives. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long the node's processes get to exit after SIGTERM before init leaves (the host waits
 * about 4 s in total before it uses SIGKILL). */
#define SHUTDOWN_GRACE_MS 3000

static void Log(const char* msg, const char* arg) {
  fprintf(stderr, "corral-node-init: %s%s\n", msg, arg ? arg : "");
  fflush(stderr);
}

static long long NowMs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reaps every exited child. Returns 1 when `watch` (if > 0) was among them, storing its status. */
static int ReapAll(pid_t watch, int* watch_status, int* no_children) {
  int found = 0;
  for (;;) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      if (pid == watch) {
        found = 1;
        *watch_status = status;
      }
      continue;
    }
    if (pid < 0 && errno == ECHILD && no_children) *no_children = 1;
    return found;
  }
}

static void NoOp(int sig) { (void)sig; }

static void Shutdown(const sigset_t* set) {
  Log("stopping the node", NULL);
  kill(-1, SIGTERM);
  long long deadline = NowMs() + SHUTDOWN_GRACE_MS;
  for (;;) {
    int none_left = 0;
    int ignored = 0;
    ReapAll(0, &ignored, &none_left);
    if (none_left) break;
    long long left = deadline - NowMs();
    if (left <= 0) break;
    struct timespec ts = {left / 1000, (left % 1000) * 1000000};
    sigtimedwait(set, NULL, &ts);
  }
  exit(0);
}

static pid_t RunBootScript(char** argv, const sigset_t* old_mask) {
  pid_t pid = fork();
  if (pid == 0) {
    sigprocmask(SIG_SETMASK, old_mask, NULL);
    char* args[64];
    int n = 0;
    args[n++] = "sh";
    args[n++] = "-e";
    for (int i = 0; argv[i] && n < 63; ++i) args[n++] = argv[i];
    args[n] = NULL;
    execv("/bin/sh", args);
    perror("corral-node-init: exec /bin/sh");
    _exit(127);
  }
  return pid;
}

int main(int argc, char** argv) {
  sigset_t set, old_mask;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = NoOp;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  sigaction(SIGCHLD, &sa, NULL);
  sigprocmask(SIG_BLOCK, &set, &old_mask);
  if (getpid() != 1) Log("warning: not running as PID 1", NULL);

  pid_t boot = argc > 1 ? RunBootScript(argv + 1, &old_mask) : -1;
  if (boot == 0 || (argc > 1 && boot < 0)) {
    Log("cannot start the boot script: ", strerror(errno));
    return 1;
  }
  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&set, &info);
    if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP) Shutdown(&set);
    int status = 0;
    if (ReapAll(boot, &status, NULL)) {
      boot = -1;
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        Log("boot script failed; the node stops", NULL);
        return 1;
      }
      Log("node ready", NULL);
    }
  }
}
