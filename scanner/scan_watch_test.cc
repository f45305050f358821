#include "scanner/scan_watch.h"

#include <doctest/doctest.h>

namespace gapscan {
namespace {

TEST_CASE("progress line: phase, elapsed time, pages, requests, rate, findings") {
  CHECK(progress_text("crawl", 65.4, 310, 402, 37.2, 12) ==
        "gapscan: crawl, 1:05 elapsed: 310 pages, 402 requests (37/s), 12 findings");
  CHECK(progress_text("active checks", 3601, 0, 0, 0, 0) ==
        "gapscan: active checks, 60:01 elapsed: 0 pages, 0 requests (0/s), 0 findings");
}

}  // namespace
}  // namespace gapscan
