// crossdomain-policy-permissive: a Flash/PDF cross-domain policy (/crossdomain.xml) or a
// Silverlight client access policy (/clientaccesspolicy.xml) lets any domain read the site.
//
// Budget per origin: 2 GET probes plus the shared soft-404 calibration of "/" for .xml names
// (2 requests): <= 4 requests.
#include <algorithm>

#include "checks/common/all_checks.h"
#include "checks/exposure/path_probe.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCrossdomainPolicyPermissive{
    "crossdomain-policy-permissive",
    "Permissive cross-domain policy file",
    CheckKind::active,
    942,
    Severity::medium,
    Confidence::high,
    "The site serves a cross-domain policy that trusts every domain: /crossdomain.xml with "
    "<allow-access-from domain=\"*\"/> (read by Flash, Adobe Reader and some other clients) "
    "or /clientaccesspolicy.xml with <domain uri=\"*\"/> (Silverlight). A client honouring the "
    "policy lets content from any website make requests to this site with the user's cookies "
    "and read the answers, bypassing the same-origin policy. Policies that name specific "
    "domains are not reported.",
    "Delete the policy files if no Flash or Silverlight client needs them (these plug-ins are "
    "end-of-life). Otherwise list only the specific, trusted domains that need access, never "
    "\"*\".",
    {"https://cwe.mitre.org/data/definitions/942.html",
     "https://www.adobe.com/devnet-docs/acrobatetk/tools/AppSec/xdomain.html",
     "https://learn.microsoft.com/en-us/previous-versions/windows/silverlight/dotnet-windows-"
     "silverlight/cc197955(v=vs.95)"},
    2,  // request budget per origin (calibration apart)
};

namespace {

// The document without XML comments (a commented-out wildcard grants nothing).
std::string strip_comments(std::string_view body) {
  std::string out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    const std::size_t open = body.find("<!--", pos);
    if (open == std::string_view::npos) {
      out.append(body.substr(pos));
      break;
    }
    out.append(body.substr(pos, open - pos));
    const std::size_t close = body.find("-->", open + 4);
    if (close == std::string_view::npos) break;
    pos = close + 3;
  }
  return out;
}

struct Tag {
  std::string text;  // "<allow-access-from domain=\"*\"/>" as written
  std::vector<std::pair<std::string, std::string>> attrs;  // lower-case names
};

// Every start tag named `name` (case-insensitive), with its attributes parsed.
std::vector<Tag> find_tags(std::string_view doc, std::string_view name) {
  std::vector<Tag> out;
  const std::string lower = to_lower(doc);
  const std::string open = "<" + to_lower(name);
  std::size_t pos = 0;
  while ((pos = lower.find(open, pos)) != std::string::npos) {
    const std::size_t after = pos + open.size();
    if (after >= doc.size() || !(doc[after] == ' ' || doc[after] == '\t' || doc[after] == '\r' ||
                                 doc[after] == '\n' || doc[after] == '/' || doc[after] == '>')) {
      pos = after;
      continue;
    }
    // Attribute values may not contain '>' unquoted; scan honouring quotes.
    std::size_t i = after;
    Tag tag;
    char quote = 0;
    std::size_t end = std::string::npos;
    for (; i < doc.size(); ++i) {
      const char c = doc[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        end = i;
        break;
      }
    }
    if (end == std::string::npos) break;
    tag.text = std::string(doc.substr(pos, end - pos + 1));
    std::string_view inner = doc.substr(after, end - after);
    std::size_t k = 0;
    while (k < inner.size()) {
      while (k < inner.size() && (inner[k] == ' ' || inner[k] == '\t' || inner[k] == '\r' ||
                                  inner[k] == '\n' || inner[k] == '/')) {
        ++k;
      }
      const std::size_t name_start = k;
      while (k < inner.size() && inner[k] != '=' && inner[k] != ' ' && inner[k] != '\t' &&
             inner[k] != '\r' && inner[k] != '\n' && inner[k] != '/') {
        ++k;
      }
      if (k == name_start) break;
      std::string attr = to_lower(inner.substr(name_start, k - name_start));
      while (k < inner.size() && (inner[k] == ' ' || inner[k] == '\t')) ++k;
      std::string value;
      if (k < inner.size() && inner[k] == '=') {
        ++k;
        while (k < inner.size() && (inner[k] == ' ' || inner[k] == '\t')) ++k;
        if (k < inner.size() && (inner[k] == '"' || inner[k] == '\'')) {
          const char q = inner[k++];
          const std::size_t close = inner.find(q, k);
          value = std::string(
              inner.substr(k, close == std::string_view::npos ? inner.size() - k : close - k));
          k = close == std::string_view::npos ? inner.size() : close + 1;
        } else {
          const std::size_t s = k;
          while (k < inner.size() && inner[k] != ' ' && inner[k] != '\t' && inner[k] != '/') ++k;
          value = std::string(inner.substr(s, k - s));
        }
      }
      tag.attrs.emplace_back(std::move(attr), std::string(trim(value)));
    }
    out.push_back(std::move(tag));
    pos = end + 1;
  }
  return out;
}

std::string attr_of(const Tag& t, std::string_view name) {
  for (const auto& [n, v] : t.attrs) {
    if (n == name) return v;
  }
  return {};
}

bool has_element(std::string_view doc, std::string_view name) {
  return !find_tags(doc, name).empty();
}

// /crossdomain.xml: <cross-domain-policy> with <allow-access-from domain="*"> (or the
// headers grant <allow-http-request-headers-from domain="*">).
std::optional<ProbeProof> flash_policy(const Exchange& ex) {
  const std::string doc = strip_comments(ex.response.body);
  if (!has_element(doc, "cross-domain-policy")) return std::nullopt;
  for (std::string_view element : {"allow-access-from", "allow-http-request-headers-from"}) {
    for (const Tag& t : find_tags(doc, element)) {
      if (attr_of(t, "domain") != "*") continue;
      ProbeProof p;
      p.snippet = printable_snippet(t.text, 200);
      p.detail = "the policy grants <" + std::string(element) + "> to domain=\"*\"";
      return p;
    }
  }
  return std::nullopt;
}

// /clientaccesspolicy.xml: <access-policy> ... <allow-from> <domain uri="*"/>.
std::optional<ProbeProof> silverlight_policy(const Exchange& ex) {
  const std::string doc = strip_comments(ex.response.body);
  if (!has_element(doc, "access-policy") || !has_element(doc, "allow-from")) return std::nullopt;
  for (const Tag& t : find_tags(doc, "domain")) {
    const std::string uri = attr_of(t, "uri");
    if (uri != "*" && uri != "http://*" && uri != "https://*") continue;
    ProbeProof p;
    p.snippet = printable_snippet(t.text, 200);
    p.detail = "the policy allows callers from any domain (uri=\"" + uri + "\")";
    return p;
  }
  return std::nullopt;
}

class CrossdomainPolicyPermissive final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    std::vector<PathProbe> probes(2);
    probes[0].path = "/crossdomain.xml";
    probes[0].signature = &flash_policy;
    probes[1].path = "/clientaccesspolicy.xml";
    probes[1].signature = &silverlight_policy;
    for (const ProbeHit& hit : run_path_probes(ctx, probes)) {
      sink.report(
          finding_for_hit(kCrossdomainPolicyPermissive, hit,
                          hit.probe->path + " allows access from any domain: " + hit.proof.detail));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_crossdomain_policy_permissive() {
  return std::make_unique<CrossdomainPolicyPermissive>();
}

}  // namespace gapscan
