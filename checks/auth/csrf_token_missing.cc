// csrf-token-missing: a state-changing POST form without an anti-CSRF token on a site whose
// session cookie is sent in cross-site requests.
#include <string>

#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCsrfTokenMissing{
    "csrf-token-missing",
    "Form without anti-CSRF token",
    CheckKind::passive,
    352,
    Severity::medium,
    Confidence::low,
    "A state-changing POST form has no hidden anti-CSRF token, and the site's session cookie "
    "is not protected by SameSite=Lax or Strict (it has no SameSite attribute or "
    "SameSite=None, or the session arrived in the request's Cookie header). Another site can "
    "then submit the form on behalf of a signed-in user (cross-site request forgery). Search "
    "forms, GET forms, buttons that only open a view (hidden fields only, with an action "
    "such as do=edit) and pages of sites without a session are not reported.",
    "Include an unpredictable per-session or per-request token in every state-changing form "
    "and verify it on the server (most frameworks do this: Django csrfmiddlewaretoken, Rails "
    "authenticity_token, ASP.NET __RequestVerificationToken, Laravel _token); also set "
    "SameSite=Lax or Strict on session cookies.",
    {"https://cheatsheetseries.owasp.org/cheatsheets/"
     "Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
     "https://owasp.org/www-community/attacks/csrf",
     "https://cwe.mitre.org/data/definitions/352.html"},
};

namespace {

bool is_button(const FormInput& in) {
  return in.type == "submit" || in.type == "button" || in.type == "reset" || in.type == "image";
}

bool is_search_input(const FormInput& in) {
  if (in.type == "search") return true;
  const std::string name = to_lower(in.name);
  for (std::string_view n : {"q", "query", "search", "s", "keyword", "keywords"}) {
    if (name == n) return true;
  }
  return false;
}

// A form whose only free-text inputs are search boxes (hidden fields, selects and check
// boxes may refine the search).
bool is_search_form(const HtmlForm& form) {
  bool search = false;
  for (const FormInput& in : form.inputs) {
    if (is_search_input(in)) {
      search = true;
    } else if (!is_button(in) && in.type != "hidden" && in.type != "select" &&
               in.type != "checkbox" && in.type != "radio") {
      return false;
    }
  }
  return search;
}

// A button that opens a view by POST and changes nothing: only hidden fields, and an action
// field ("do", "action", ...) naming a read-only verb. DokuWiki's "Edit" buttons post
// do=edit to open the editor; the editor's own form, which saves, carries the token.
bool is_view_button_form(const HtmlForm& form) {
  bool view = false;
  for (const FormInput& in : form.inputs) {
    if (is_button(in)) continue;
    if (in.type != "hidden") return false;
    const std::string name = to_lower(in.name);
    if (name != "do" && name != "action" && name != "act" && name != "cmd" && name != "op" &&
        name != "mode") {
      continue;
    }
    const std::string value = to_lower(in.value);
    for (std::string_view verb : {"edit", "view", "show", "preview", "print", "export", "diff",
                                  "revisions", "history", "backlink", "source", "index"}) {
      view = view || value == verb;
    }
  }
  return view;
}

bool looks_like_csrf_name(std::string_view name) {
  const std::string lname = to_lower(name);
  for (std::string_view part :
       {"csrf", "xsrf", "token", "nonce", "antiforgery", "requestverification", "authenticity",
        "form_key", "formkey", "sectok"}) {  // sectok: DokuWiki
    if (lname.find(part) != std::string::npos) return true;
  }
  return lname == "state" || lname == "_state";
}

bool has_csrf_token(const HtmlForm& form) {
  for (const FormInput& in : form.inputs) {
    if (in.type == "hidden" && looks_like_csrf_name(in.name)) return true;
  }
  return false;
}

// Frameworks that submit forms through script read the token from <meta name="csrf-token">.
bool has_csrf_meta(const HtmlDocument& doc) {
  for (const HtmlMeta& m : doc.metas) {
    if (!m.http_equiv && !m.content.empty() &&
        (m.name.find("csrf") != std::string::npos || m.name.find("xsrf") != std::string::npos)) {
      return true;
    }
  }
  return false;
}

class CsrfTokenMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!pageutil::is_html_2xx(ctx) || ctx.html->forms.empty()) return;
    bool candidate = false;
    for (const HtmlForm& form : ctx.html->forms) candidate = candidate || is_candidate(form);
    if (!candidate || has_csrf_meta(*ctx.html)) return;

    // The session: cookies this response sets, else the request's Cookie header.
    std::string session;  // describes the unprotected session, empty when none
    for (const auto& [header, cookie] : response_cookies(ex.response)) {
      if (!looks_like_session_cookie(cookie.name, cookie.value)) continue;
      if (cookie.same_site == SameSite::lax || cookie.same_site == SameSite::strict) return;
      if (session.empty()) {
        session = "session cookie \"" + cookie.name + "\" is set " +
                  (cookie.same_site == SameSite::none ? "with SameSite=None"
                                                      : "without SameSite=Lax/Strict");
      }
    }
    if (session.empty() && pageutil::request_has_session_cookie(ex.request)) {
      session = "the request carried a session cookie of unknown SameSite";
    }
    if (session.empty()) return;

    const auto& forms = ctx.html->forms;
    for (std::size_t i = 0; i < forms.size(); ++i) {
      const HtmlForm& form = forms[i];
      if (!is_candidate(form)) continue;
      Finding f = make_finding(kCsrfTokenMissing, ex);
      // A form in the site's layout (newsletter, logout) is one problem on every page: one
      // finding per origin and form action.
      f.per_origin = true;
      f.key = pageutil::form_endpoint(form);
      pageutil::set_body_evidence(f.evidence, ex.response.body,
                                  pageutil::find_form_tag(ex.response.body, form, i),
                                  "<form method=\"POST\" action=\"" + form.action + "\">");
      f.evidence.note = pageutil::describe_form(form) + " has no anti-CSRF token; " + session;
      f.message = "POST form to " + form.action + " has no anti-CSRF token";
      sink.report(std::move(f));
    }
  }

 private:
  // A submittable, state-changing POST form without a token.
  static bool is_candidate(const HtmlForm& form) {
    if (form.method != "POST" || form.action.empty() || has_csrf_token(form)) return false;
    bool data = false;
    for (const FormInput& in : form.inputs) data = data || !is_button(in);
    return data && !is_search_form(form) && !is_view_button_form(form);
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_csrf_token_missing() {
  return std::make_unique<CsrfTokenMissing>();
}

}  // namespace gapscan
