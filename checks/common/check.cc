#include "checks/common/check.h"

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

namespace {
const CheckSettings kDefaultSettings;
}  // namespace

const CheckSettings& settings_of(const PassiveContext& ctx) {
  return ctx.settings != nullptr ? *ctx.settings : kDefaultSettings;
}

void mark_not_applicable(const ActiveContext& ctx, const std::string& why) {
  if (ctx.not_applicable) ctx.not_applicable(why);
}

const CheckSettings& settings_of(const ActiveContext& ctx) {
  return ctx.settings != nullptr ? *ctx.settings : kDefaultSettings;
}

}  // namespace gapscan
