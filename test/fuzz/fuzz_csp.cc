// Content-Security-Policy parsing: the input is one header value, read as an enforced header,
// a report-only header and a <meta> policy, then every fetch directive's effective source list
// is judged as the CSP checks judge it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "checks/headers/csp.h"
#include "scanner/base/http.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = fuzz::as_text(data, size);
  HttpResponse response;
  response.status = 200;
  response.headers = {{"Content-Security-Policy", std::string(in)},
                      {"Content-Security-Policy-Report-Only", std::string(in)}};
  HtmlDocument doc;
  doc.metas.push_back({"content-security-policy", std::string(in), true});
  const auto policies = collect_csp(response, &doc, true);
  for (const std::string_view kind : {"script-src-elem", "style-src-attr", "object-src", "base-uri",
                                      "frame-ancestors", "img-src", "worker-src"}) {
    (void)csp_open_in_all(policies, kind, [&](const CspDirective& d) {
      return csp_allows_all_inline(d, kind.starts_with("script")) || csp_has_source(d, "*") ||
             csp_has_source(d, "'unsafe-eval'") || csp_has_strict_dynamic(d);
    });
  }
  for (const CspPolicy& p : policies) {
    for (const CspDirective& d : p.directives) {
      (void)csp_is_known_directive(d.name);
      (void)csp_fallback_list(d.name);
      (void)csp_has_nonce_or_hash(d);
      for (const std::string& s : d.sources) {
        (void)csp_is_nonce_source(s);
        (void)csp_is_hash_source(s);
      }
    }
    Evidence evidence;
    set_csp_evidence(evidence, p, in);
  }
  return 0;
}
