// corral's executable: real seams into a CliContext, then the dispatcher.
#include <unistd.h>

#include <iostream>

#include "cli/command.h"

extern char** environ;

int main(int argc, char** argv) {
  corral::SystemClock clock;
  corral::SystemProcessRunner runner;
  corral::Logger log(&std::cerr);
  corral::CliContext ctx;
  ctx.in = &std::cin;
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  ctx.stdin_is_terminal = isatty(STDIN_FILENO) != 0;
  ctx.log = &log;
  ctx.clock = &clock;
  ctx.runner = &runner;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    size_t eq = entry.find('=');
    if (eq != std::string::npos) ctx.env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return corral::RunCli(argc, argv, ctx);
}
