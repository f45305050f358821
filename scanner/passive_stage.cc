#include "scanner/passive_stage.h"

#include <exception>
#include <string>

#include "scanner/link_discovery.h"

namespace gapscan {

PassiveStage::PassiveStage(ScanContext& scan, const std::vector<const CheckEntry*>& selected)
    : scan_(scan) {
  for (const CheckEntry* entry : selected) {
    if (entry->make_passive) checks_.push_back(entry->make_passive());
  }
}

void PassiveStage::inspect(const Exchange& ex, const HtmlDocument* html) const {
  const PassiveContext ctx{ex, html, &scan_.options.check_settings};
  for (const auto& check : checks_) {
    try {
      check->inspect(ctx, scan_.sink);
    } catch (const std::exception& e) {
      // One failing check must not take the worker, or the other checks, down with it.
      scan_.notes.add("error", "check-failed", std::string("a passive check failed: ") + e.what(),
                      ex.request.url);
    } catch (...) {
      scan_.notes.add("error", "check-failed", "a passive check failed", ex.request.url);
    }
  }
}

void PassiveStage::inspect(const Exchange& ex) const {
  const ParsedPage page = parse_page(ex, scan_.options.crawl, scan_.notes);
  inspect(ex, page.html());
}

}  // namespace gapscan
