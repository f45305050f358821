// charset-missing: a text response whose character encoding is declared nowhere.
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCharsetMissing{
    "charset-missing",
    "Character encoding not declared",
    CheckKind::passive,
    16,
    Severity::info,
    Confidence::high,
    "The text response (text/html, text/plain, text/css, text/javascript, ...) declares no "
    "character encoding: no charset parameter in Content-Type, no byte order mark, and for "
    "HTML no <meta charset> (or <meta http-equiv=\"Content-Type\"> with a charset) in the "
    "first 1024 bytes, for CSS no leading @charset, for XML no encoding declaration. The "
    "browser then guesses the encoding, and a guess that differs from the server's (for "
    "example UTF-7 or a multi-byte legacy encoding) can turn harmless-looking, "
    "output-encoded user data into markup or script.",
    "Send the encoding in the Content-Type header of every text response, e.g. "
    "\"Content-Type: text/html; charset=utf-8\", and also put <meta charset=\"utf-8\"> at the "
    "start of the <head> of HTML documents.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Type",
     "https://html.spec.whatwg.org/multipage/semantics.html#charset",
     "https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-"
     "its-encoding",
     "https://cwe.mitre.org/data/definitions/16.html"},
};

namespace {

// HTML "prescan": a <meta> carrying a charset (either form) within the first 1024 bytes.
bool html_declares_charset(std::string_view body, const HtmlDocument* html) {
  const std::string_view head = body.substr(0, 1024);
  std::size_t i = 0;
  while ((i = head.find('<', i)) != std::string_view::npos) {
    if (istarts_with(head.substr(i), "<meta")) {
      std::size_t end = body.find('>', i);
      if (end == std::string_view::npos || end > i + 1024) end = std::min(body.size(), i + 1024);
      if (icontains(body.substr(i, end - i), "charset")) return true;
    }
    ++i;
  }
  if (html != nullptr) {
    for (const HtmlMeta& m : html->metas) {
      if (m.http_equiv && m.name == "content-type" && icontains(m.content, "charset=")) {
        return true;
      }
    }
  }
  return false;
}

bool declares_in_body(std::string_view type, std::string_view body, const HtmlDocument* html) {
  if (body.starts_with("\xEF\xBB\xBF") || body.starts_with("\xFF\xFE") ||
      body.starts_with("\xFE\xFF")) {
    return true;  // a byte order mark overrides every declaration
  }
  if (type == "text/html") return html_declares_charset(body, html);
  if (type == "text/css") return body.starts_with("@charset \"");
  if (type == "text/xml" && body.starts_with("<?xml")) {
    const std::size_t end = body.find("?>");
    return end != std::string_view::npos &&
           body.substr(0, end).find("encoding") != std::string_view::npos;
  }
  return false;
}

class CharsetMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || res.body.empty()) return;
    const std::string type = media_type(res);
    if (!type.starts_with("text/")) return;
    if (!content_type_charset(res).empty()) return;
    if (declares_in_body(type, res.body, ctx.html)) return;

    Finding f = make_finding(kCharsetMissing, ctx.exchange);
    f.per_origin = true;
    f.evidence.header_name = "Content-Type";
    if (const std::string* ct = find_header(res.headers, "Content-Type")) {
      f.evidence.header_value = *ct;
    }
    if (type == "text/html") {
      f.evidence.note = "no charset in Content-Type and no <meta charset> in the first 1024 bytes";
    } else {
      f.evidence.note = "no charset parameter in Content-Type and no byte order mark";
    }
    f.message = type + " response declares no character encoding: the browser has to guess it";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_charset_missing() { return std::make_unique<CharsetMissing>(); }

}  // namespace gapscan
