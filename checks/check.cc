#include "checks/check.h"

namespace gapscan {

Finding make_finding(const CheckInfo& info, const Exchange& ex) {
  Finding f;
  f.check_id = std::string(info.id);
  f.severity = info.severity;
  f.confidence = info.confidence;
  f.url = ex.request.url;
  f.method = ex.request.method.empty() ? "GET" : ex.request.method;
  f.exchange = summarize(ex);
  return f;
}

const CheckSettings& settings_of(const PassiveContext& ctx) {
  static const CheckSettings defaults;
  return ctx.settings != nullptr ? *ctx.settings : defaults;
}

}  // namespace gapscan
