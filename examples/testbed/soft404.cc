// --soft404 modes: servers that do not answer 404 for names that do not exist. gapscan's path
// probes must see through every one of them (no flaw is on in these modes' tests).
#include "examples/testbed/site.h"

namespace testbed {
namespace {

bool HasDotSegment(std::string_view path) {
  size_t pos = 0;
  while ((pos = path.find('/', pos)) != std::string_view::npos) {
    ++pos;
    if (pos < path.size() && path[pos] == '.') return true;
  }
  return false;
}

}  // namespace

bool Site::Soft404(const Request& req, std::string_view path, Reply& out) const {
  const std::string& mode = opt_.soft404;
  if (mode.empty()) return false;
  if (mode == "home") {
    out = Home(req);
    return true;
  }
  if (mode == "custom") {
    // Echoes the path and carries a per-request id, as real custom error pages do.
    out = Html(200, "Page not found",
               "<h1>Oops! That page can&#39;t be found.</h1>\n<p>We looked everywhere for <code>" +
                   HtmlEscape(PercentDecode(path)) +
                   "</code> but it is not here. It may have moved, or the link may be "
                   "broken. Try the <a href=\"/search?q=\">search</a> or go back to the "
                   "<a href=\"/\">home page</a>.</p>\n<p class=\"small\">Request id " +
                   RandomHex(8) + "</p>");
    return true;
  }
  if (mode == "redirect") {
    out = Redirect(302, "/");
    return true;
  }
  if (mode == "area401") {
    out = Html(401, "Authorization Required",
               "<p>This server could not verify that you are authorized to access the "
               "document requested.</p>");
    out.headers.emplace_back("WWW-Authenticate", "Basic realm=\"Restricted area\"");
    return true;
  }
  if (mode == "dot403" && HasDotSegment(path)) {
    out = Html(403, "Forbidden", "<p>You don't have permission to access this resource.</p>");
    return true;
  }
  return false;
}

}  // namespace testbed
