#include "scanner/scan_watch.h"

#include <chrono>
#include <csignal>
#include <cstdio>

namespace gapscan {

namespace {

std::string signal_name(int signo) {
  switch (signo) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "signal " + std::to_string(signo);
  }
}

}  // namespace

ScanWatch::ScanWatch(ScanContext& scan, CrawlStage& crawls)
    : scan_(scan),
      crawls_(crawls),
      deadline_(scan.io.context()),
      interrupt_poll_(scan.io.context()),
      grace_(scan.io.context()),
      progress_(scan.io.context()) {}

void ScanWatch::start() {
  const std::int64_t max_ms = scan_.options.crawl.max_duration_ms;
  if (max_ms > 0) {
    deadline_.expires_after(std::chrono::milliseconds(max_ms));
    deadline_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) on_deadline();
    });
  }
  if (scan_.hooks.interrupt_signal) poll_interrupt();
  if (scan_.hooks.progress) tick();
}

void ScanWatch::stop() {
  deadline_.cancel();
  interrupt_poll_.cancel();
  grace_.cancel();
  progress_.cancel();
}

void ScanWatch::cut_short(const std::string& level, const std::string& code,
                          const std::string& message, const std::string& reason) {
  scan_.stopping = true;
  scan_.notes.add(level, code, message, "");
  scan_.summary.completed = false;
  crawls_.stop(reason);
  scan_.engine.cancel_queued();
}

void ScanWatch::on_deadline() {
  if (scan_.stopping) return;
  cut_short("warning", "max-duration-reached", "the scan hit --max-duration and was cut short",
            "--max-duration reached");
  scan_.engine.cancel_all();
}

void ScanWatch::poll_interrupt() {
  interrupt_poll_.expires_after(std::chrono::milliseconds(100));
  interrupt_poll_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    const int signo = scan_.hooks.interrupt_signal();
    if (signo == 0) {
      poll_interrupt();
      return;
    }
    interrupted_by_ = signo;
    if (scan_.stopping) return;  // already cut short by the deadline
    const std::string name = signal_name(signo);
    cut_short(
        "warning", "interrupted",
        "the scan was interrupted by " + name + "; the reports hold what was found until then",
        "interrupted by " + name);
    // Requests in flight may still answer for a moment; then they are aborted.
    grace_.expires_after(std::chrono::milliseconds(kInterruptGraceMs));
    grace_.async_wait([this](const boost::system::error_code& grace_ec) {
      if (!grace_ec) scan_.engine.cancel_all();
    });
  });
}

void ScanWatch::on_internal_error(const std::string& what, std::function<void()> finish) {
  const std::string message = "an internal error stopped the scan: " + what;
  if (!internal_error_.empty()) {  // the first one already stops the scan
    scan_.notes.add("error", "internal-error", message, "");
    return;
  }
  internal_error_ = what;
  cut_short("error", "internal-error", message, "internal error");
  scan_.engine.cancel_all();
  grace_.expires_after(std::chrono::milliseconds(kInterruptGraceMs));
  grace_.async_wait([this, finish = std::move(finish)](const boost::system::error_code& ec) {
    if (ec) return;
    // Whatever is still in the engine is answered ("cancelled") before the io thread stops, so
    // that no worker waits for an answer that would never come.
    scan_.engine.cancel_all();
    scan_.io.post(finish);
  });
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
