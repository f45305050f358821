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
  if (scan_.hooks.progress || scan_.hooks.heartbeat_s > 0) tick();
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

std::string progress_text(const char* phase, double elapsed_s, std::uint64_t pages,
                          std::uint64_t requests, double requests_per_s, std::size_t findings) {
  const auto secs = static_cast<long long>(elapsed_s);
  char line[256];
  std::snprintf(line, sizeof line,
                "gapscan: %s, %lld:%02lld elapsed: %llu pages, %llu requests (%.0f/s), %zu "
                "findings",
                phase, secs / 60, secs % 60, static_cast<unsigned long long>(pages),
                static_cast<unsigned long long>(requests), requests_per_s, findings);
  return line;
}

void ScanWatch::tick() {
  const bool redraw = scan_.hooks.progress;
  progress_.expires_after(std::chrono::seconds(redraw ? 1 : scan_.hooks.heartbeat_s));
  progress_.async_wait([this, redraw](const boost::system::error_code& ec) {
    if (ec) return;
    const auto s = scan_.engine.stats();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - scan_.started).count();
    const double since = secs - last_tick_s_;
    const double rate = since > 0 ? static_cast<double>(s.started - last_requests_) / since : 0;
    last_tick_s_ = secs;
    last_requests_ = s.started;
    const std::string text =
        progress_text(scan_.phase, secs, crawls_.pages(), s.started, rate, scan_.collector.size());
    // A terminal redraws one line; a CI log gets a line per heartbeat.
    std::fprintf(stderr, redraw ? "\r\x1b[K%s" : "%s\n", text.c_str());
    if (!redraw) std::fflush(stderr);
    tick();
  });
}

}  // namespace gapscan
