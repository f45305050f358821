// Small helpers shared by the cookie, authentication, transport and CORS checks: what kind of
// response a check looks at, and where in the body its evidence is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "checks/common/check.h"
#include "scanner/base/finding.h"
#include "scanner/base/html.h"
#include "scanner/base/http.h"

namespace gapscan::pageutil {

constexpr std::size_t kNotFound = std::string_view::npos;

bool is_http_url(std::string_view url);   // plain "http://"
bool is_https_url(std::string_view url);  // "https://"

// A parsed HTML document with a 2xx status: what the page-level checks inspect.
bool is_html_2xx(const PassiveContext& ctx);

// Whether a host is an IPv4 or IPv6 literal (no brackets), where Domain cookies do not apply.
bool is_ip_host(std::string_view host);

// Whether the request's Cookie header carries a session-like cookie.
bool request_has_session_cookie(const HttpRequest& request);

// Whether the comma-separated Cache-Control values of `headers` contain `directive`.
bool has_cache_directive(const HeaderList& headers, std::string_view directive);

// Case-insensitive search for an ASCII `needle` in `hay` from `from`; kNotFound when absent.
std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from = 0);

// First occurrence of `needle` (case-insensitive) inside a start tag named `tag` ("input",
// "form"), at or after `from`. The tag's own '<' is returned. Bounded per occurrence.
std::size_t find_in_start_tag(std::string_view body, std::string_view tag, std::string_view needle,
                              std::size_t from = 0);

// Where the start tag of `form` is: the form with its id, else the `index`-th <form> tag.
std::size_t find_form_tag(std::string_view body, const HtmlForm& form, std::size_t index);

// Where the first password input of the `index`-th form is (the form with its id, else by
// position), falling back to the form's start tag, then to any password input.
std::size_t find_password_input(std::string_view body, const HtmlForm& form, std::size_t index);

// Where a URL appears in the body: the URL itself or scheme-relative, either also without a
// trailing '/', else its origin.
std::size_t find_url(std::string_view body, std::string_view url);

// Sets the evidence snippet (the trimmed line, printable, capped) and line at `pos`; sets
// `fallback` as the snippet when `pos` is kNotFound.
void set_body_evidence(Evidence& evidence, std::string_view body, std::size_t pos,
                       std::string_view fallback = {});

// A short description of a form for messages: "POST form to https://x/login".
std::string describe_form(const HtmlForm& form);

// The endpoint a form posts to: its action without query or fragment. Findings about a form
// merge by it, so MediaWiki's login form is one finding although every page links it with
// its own ?returnto=.
std::string form_endpoint(const HtmlForm& form);

// The first password input of a form, or null.
const FormInput* password_input(const HtmlForm& form);

}  // namespace gapscan::pageutil
