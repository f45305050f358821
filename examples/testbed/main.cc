// gapscan-testbed: a deliberately flawed web site used as gapscan's demo target and
// integration-test fixture. Listens on 127.0.0.1 only.
#include <iostream>

#include "examples/testbed/auth_state.h"
#include "examples/testbed/flaws.h"
#include "examples/testbed/options.h"
#include "examples/testbed/server.h"

int main(int argc, char** argv) {
  testbed::Options opt;
  std::string error;
  switch (testbed::ParseArgs(argc, argv, opt, error)) {
    case testbed::ParseResult::kHelp:
      std::cout << testbed::Usage();
      return 0;
    case testbed::ParseResult::kListFlaws:
      std::cout << testbed::FlawsJson();
      return 0;
    case testbed::ParseResult::kListAuth:
      std::cout << testbed::AuthListJson(opt);
      return 0;
    case testbed::ParseResult::kError:
      std::cerr << "gapscan-testbed: " << error << "\n(see --help)\n";
      return 2;
    case testbed::ParseResult::kRun:
      break;
  }
  try {
    return testbed::RunServer(opt);
  } catch (const std::exception& e) {
    std::cerr << "gapscan-testbed: " << e.what() << "\n";
    return 1;
  }
}
