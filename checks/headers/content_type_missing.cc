// content-type-missing: a successful response with a body but no Content-Type.
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kContentTypeMissing{
    "content-type-missing",
    "Content-Type header missing",
    CheckKind::passive,
    16,
    Severity::low,
    Confidence::high,
    "The response has a body but no Content-Type header (or an empty one). Browsers then "
    "guess the type from the content (MIME sniffing), so user-controlled data served this "
    "way (uploads, API responses, error pages) can be interpreted as HTML or script and "
    "lead to cross-site scripting, and X-Content-Type-Options: nosniff has nothing to "
    "enforce.",
    "Send an accurate Content-Type on every response with a body, with a charset for text "
    "types (for example \"Content-Type: application/json\" or \"text/html; "
    "charset=utf-8\"), together with \"X-Content-Type-Options: nosniff\".",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Type",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Basics_of_HTTP/MIME_types#mime_sniffing",
     "https://mimesniff.spec.whatwg.org/",
     "https://owasp.org/www-project-secure-headers/#content-type"},
};

namespace {

class ContentTypeMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300) return;
    if (res.body.empty() && res.body_bytes_received == 0) return;
    bool empty_header = false;
    for (const std::string* v : find_headers(res.headers, "Content-Type")) {
      if (!trim(*v).empty()) return;
      empty_header = true;
    }

    Finding f = make_finding(kContentTypeMissing, ctx.exchange);
    f.per_origin = true;
    f.evidence.header_name = "Content-Type";
    if (!res.body.empty()) {
      f.evidence.snippet = printable_snippet(line_at(res.body, 0), 80);
      f.evidence.line = 1;
    }
    const std::string size = std::to_string(std::max<std::uint64_t>(
        res.body_bytes_received, static_cast<std::uint64_t>(res.body.size())));
    f.evidence.note = (empty_header ? "Content-Type header is empty" : "no Content-Type header") +
                      std::string(" on a ") + std::to_string(res.status) + " response with a " +
                      size + "-byte body";
    f.message = "Response body (" + size +
                " bytes) is served without a Content-Type: browsers will sniff its type";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_content_type_missing() {
  return std::make_unique<ContentTypeMissing>();
}

}  // namespace gapscan
