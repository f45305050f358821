// The Beast/Asio http and https listeners on 127.0.0.1.
#pragma once

#include "examples/testbed/options.h"

namespace testbed {

// Listens, writes --ready-file, serves until SIGINT/SIGTERM. Returns the process exit code.
int RunServer(const Options& opt);

}  // namespace testbed
