#include "scanner/scan_context.h"

#include <doctest/doctest.h>

#include <functional>
#include <future>
#include <stdexcept>
#include <string>
#include <vector>

namespace gapscan {
namespace {

TEST_CASE("scan context: a throwing io handler is reported and the io thread goes on") {
  ScanOptions options;
  options.worker_threads = 2;
  ScanHooks hooks;
  ScanContext scan(options, hooks);
  std::vector<std::string> errors;
  bool after = false;
  scan.io.post([] { throw std::runtime_error("boom"); });
  // A worker waiting for the io thread (as an EngineFetcher does) is still answered.
  std::promise<int> answer;
  scan.workers.post([&] {
    std::promise<int> from_io;
    scan.io.post([&] { from_io.set_value(7); });
    answer.set_value(from_io.get_future().get());
  });
  scan.io.post([&] { after = true; });
  std::future<int> got = answer.get_future();
  // Stop once the worker has its answer, polling on the io thread without blocking it. (The
  // function lives in this scope, which outlives the io thread's run.)
  std::function<void()> poll = [&] {
    if (got.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      scan.io.stop();
    } else {
      scan.io.post(poll);
    }
  };
  scan.io.post(poll);
  scan.run([&](const std::string& what) { errors.push_back(what); });
  CHECK(errors == std::vector<std::string>{"boom"});
  CHECK(after);
  CHECK(got.get() == 7);
}

}  // namespace
}  // namespace gapscan
