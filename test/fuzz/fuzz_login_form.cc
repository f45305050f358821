// The login form locator: the input is a login page's HTML; the form is looked for without
// and with field hints, and filled in.
#include <cstddef>
#include <cstdint>

#include "scanner/base/html.h"
#include "scanner/base/url.h"
#include "scanner/login_form.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Url page_url = *parse_url("https://app.example.com/account/login");
  const HtmlDocument doc = parse_html(fuzz::as_text(data, size), page_url);
  if (const auto form = find_login_form(doc)) {
    (void)login_form_body(*form, "alice@example.com", "correct horse battery staple");
  }
  if (const auto form = find_login_form(doc, "email", "passwd")) {
    (void)login_form_body(*form, "alice", "p&ss=w;rd");
  }
  return 0;
}
