#include "scanner/scan_watch.h"

#include <chrono>
#include <cstdio>

namespace gapscan {

ScanWatch::ScanWatch(ScanContext& scan, CrawlStage& crawls)
    : scan_(scan), crawls_(crawls), deadline_(scan.io.context()), progress_(scan.io.context()) {}

void ScanWatch::start() {
  const std::int64_t max_ms = scan_.options.crawl.max_duration_ms;
  if (max_ms > 0) {
    deadline_.expires_after(std::chrono::milliseconds(max_ms));
    deadline_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) on_deadline();
    });
  }
  if (scan_.hooks.progress) tick();
}

void ScanWatch::stop() {
  deadline_.cancel();
  progress_.cancel();
}

void ScanWatch::on_deadline() {
  scan_.stopping = true;
  scan_.notes.add("warning", "max-duration-reached",
                  "the scan hit --max-duration and was cut short", "");
  scan_.summary.completed = false;
  crawls_.stop("--max-duration reached");
  scan_.engine.cancel_all();
}

void ScanWatch::tick() {
  progress_.expires_after(std::chrono::seconds(1));
  progress_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    const auto s = scan_.engine.stats();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - scan_.started).count();
    std::fprintf(stderr, "\r\x1b[Kgapscan: %llu pages, %llu requests, %.0f req/s, %zu findings",
                 static_cast<unsigned long long>(crawls_.pages()),
                 static_cast<unsigned long long>(s.started), secs > 0 ? s.started / secs : 0.0,
                 scan_.collector.size());
    tick();
  });
}

}  // namespace gapscan
