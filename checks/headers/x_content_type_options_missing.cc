// x-content-type-options-missing: a response body that browsers may MIME-sniff.
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kXContentTypeOptionsMissing{
    "x-content-type-options-missing",
    "X-Content-Type-Options: nosniff missing",
    CheckKind::passive,
    693,
    Severity::low,
    Confidence::high,
    "The response does not send \"X-Content-Type-Options: nosniff\". Without it, browsers may "
    "MIME-sniff the body and treat, for example, an uploaded text file or a JSON response as "
    "HTML or script, which can turn content the site serves into cross-site scripting.",
    "Send \"X-Content-Type-Options: nosniff\" on every response, and make sure every response "
    "carries a correct Content-Type.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options",
     "https://fetch.spec.whatwg.org/#x-content-type-options-header",
     "https://owasp.org/www-project-secure-headers/#x-content-type-options"},
};

namespace {

class XContentTypeOptionsMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override { check(ctx, sink); }

 private:
  static void check(const PassiveContext& ctx, FindingSink& sink) {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300) return;
    if (res.body.empty() && res.body_bytes_received == 0) return;

    const std::string* value = find_header(res.headers, "X-Content-Type-Options");
    // Fetch: the first comma-separated value of the combined header must be "nosniff".
    if (value != nullptr) {
      const std::string_view first = trim(split(*value, ',').front());
      if (iequals(first, "nosniff")) return;
    }

    Finding f = make_finding(kXContentTypeOptionsMissing, ctx.exchange);
    f.per_origin = true;
    f.evidence.header_name = "X-Content-Type-Options";
    if (value != nullptr) {
      f.evidence.header_value = *value;
      f.evidence.note = "X-Content-Type-Options is \"" + std::string(trim(*value)) +
                        "\", not \"nosniff\", so browsers ignore it";
      f.message = "X-Content-Type-Options has an invalid value; MIME sniffing stays enabled";
    } else {
      f.evidence.note = "no X-Content-Type-Options header";
      f.message =
          "Response without \"X-Content-Type-Options: nosniff\"; browsers may "
          "MIME-sniff the body";
    }
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_x_content_type_options_missing() {
  return std::make_unique<XContentTypeOptionsMissing>();
}

}  // namespace gapscan
