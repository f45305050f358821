// SIGINT and SIGTERM during a scan (Ctrl-C, a cancelled or timed-out CI job): the first one asks
// the scan to wind down and write its reports marked incomplete; a second one exits at once.
#pragma once

namespace gapscan {

// Installs the handlers (process-wide, for the rest of the run).
void install_interrupt_handlers();
// The first signal received since install_interrupt_handlers(), or 0. Any thread.
int interrupt_signal();
// What a run interrupted by `signo` exits with: 128 + signo (130 for SIGINT, 143 for SIGTERM).
int interrupted_exit_code(int signo);

}  // namespace gapscan
