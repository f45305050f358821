#include "cli/interrupt.h"

#include <unistd.h>

#include <atomic>
#include <csignal>

namespace gapscan {

namespace {

std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the handler needs a lock-free atomic");

// Async-signal-safe: a lock-free atomic, write(2) and _exit(2) only.
void on_signal(int signo) {
  int expected = 0;
  if (!g_signal.compare_exchange_strong(expected, signo)) _exit(interrupted_exit_code(signo));
  static constexpr char kMessage[] =
      "\ngapscan: stopping; writing the reports (a second signal quits at once)\n";
  const ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  (void)ignored;
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() { return g_signal.load(); }

int interrupted_exit_code(int signo) { return 128 + signo; }

}  // namespace gapscan
