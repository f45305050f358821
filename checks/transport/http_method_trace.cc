// http-method-trace: the server answers TRACE by echoing the request.
//
// Budget per origin: 1 TRACE request to the root.
#include "checks/common/all_checks.h"
#include "checks/common/probe_util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kHttpMethodTrace{
    "http-method-trace",
    "HTTP TRACE method enabled",
    CheckKind::active,
    693,
    Severity::medium,
    Confidence::high,
    "The server answers TRACE requests by echoing the request it received, headers included. "
    "Together with a script injection or a proxy that lets TRACE through, this exposes "
    "headers that scripts are not supposed to read (cookies marked HttpOnly, Authorization, "
    "headers added by proxies): the cross-site tracing (XST) attack. TRACE has no use on a "
    "production site.",
    "Disable TRACE (and TRACK): \"TraceEnable off\" in Apache, reject the method in the "
    "reverse proxy or application server (405 or 501), and make sure load balancers in front "
    "of the site do not answer it either.",
    {"https://owasp.org/www-community/attacks/Cross_Site_Tracing",
     "https://httpd.apache.org/docs/2.4/mod/core.html#traceenable",
     "https://www.rfc-editor.org/rfc/rfc9110#name-trace"},
    1,  // request budget per origin
};

namespace {

constexpr std::string_view kMarkerHeader = "X-Gapscan-Trace";

class HttpMethodTrace final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto origin = parse_url(ctx.origin);
    if (!origin) return;
    const std::string marker = "gapscan-trace-" + probe::random_hex(16);
    HttpRequest req;
    req.method = "TRACE";
    req.url = origin->origin() + "/";
    req.headers.push_back({std::string(kMarkerHeader), marker});
    const Exchange ex = ctx.fetcher.fetch(req);
    if (!ex.ok() || ex.response.status < 200 || ex.response.status >= 300) return;
    const std::string& body = ex.response.body;
    // The echo of our request: the request line and the marker header we sent.
    const auto at = body.find(marker);
    if (at == std::string::npos || body.find("TRACE ") == std::string::npos) return;
    Finding f = make_finding(kHttpMethodTrace, ex);
    f.per_origin = true;
    const auto line_start = body.rfind('\n', at);
    const std::size_t from = line_start == std::string::npos ? 0 : line_start + 1;
    const auto line_end = body.find('\n', at);
    f.evidence.snippet = probe::short_text(std::string_view(body).substr(
        from, (line_end == std::string::npos ? body.size() : line_end) - from));
    f.evidence.line = line_number_at(body, at);
    const std::string type = probe::header_value(ex.response, "Content-Type");
    f.evidence.note = "TRACE / answered " + std::to_string(ex.response.status) +
                      (type.empty() ? "" : " (" + type + ")") + " echoing the " +
                      std::string(kMarkerHeader) + " header sent with it";
    f.message = "TRACE is enabled: the server echoes the request, headers included";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_http_method_trace() {
  return std::make_unique<HttpMethodTrace>();
}

}  // namespace gapscan
