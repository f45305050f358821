// HTML extraction with gumbo: links, forms, meta tags and scripts of one document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/url.h"

namespace gapscan {

struct HtmlLink {
  std::string url;   // resolved, normalized absolute http(s) URL
  std::string tag;   // "a", "img", "script", "link", "iframe", "meta-refresh", ...
  std::string attr;  // "href", "src", "srcset", "content", ...
  // What a reader sees of an <a>/<area> link: its text (else aria-label, title, an image's
  // alt), whitespace collapsed, at most kMaxLinkText bytes; the texts of several links to the
  // same URL are joined with " | ". The crawl judges a link by it ("Reset DB", "Log out").
  std::string text;
};

constexpr std::size_t kMaxLinkText = 200;

struct FormInput {
  std::string name;
  std::string type;   // lower-case; "text" when absent; "select", "textarea" for those
  std::string value;  // value attribute, selected option, or textarea text
  std::string autocomplete;
  std::string label;  // a <button>'s text (an <input type=submit> shows its value instead)
};

struct HtmlForm {
  std::string action;  // resolved absolute URL (the document URL when absent); empty when
                       // not http(s) (javascript:, mailto:), i.e. not submittable
  std::string method;  // upper-case "GET" or "POST"
  std::string enctype;
  std::string id;
  std::vector<FormInput> inputs;  // including inputs owned through form= attributes
  bool has_password() const;
};

struct HtmlMeta {
  std::string name;  // lower-case name or http-equiv
  std::string content;
  bool http_equiv = false;
};

struct HtmlScript {
  std::string src;  // resolved URL; empty for inline scripts
  std::string integrity;
  std::string tag;  // "script" or "link" (stylesheets)
};

struct HtmlDocument {
  std::string base_url;  // after <base href>
  std::string title;
  std::vector<HtmlLink> links;
  std::vector<HtmlForm> forms;
  std::vector<HtmlMeta> metas;
  std::vector<HtmlScript> scripts;
  bool truncated = false;  // input was cut to the parse cap
};

// Converts `body` from the declared charset (Content-Type parameter, else <meta charset>,
// else UTF-8 with invalid bytes replaced) to UTF-8.
std::string html_to_utf8(std::string_view body, std::string_view content_type_charset);

// Parses an HTML document (already UTF-8) fetched from `document_url`. At most max_bytes of
// input are parsed; the input is also cut before markup nested too deeply for gumbo to parse
// in reasonable time (over ~1024 open elements). `truncated` reports either cut.
HtmlDocument parse_html(std::string_view utf8_html, const Url& document_url,
                        std::size_t max_bytes = std::size_t{2} * 1024 * 1024);

}  // namespace gapscan
