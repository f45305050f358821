// Software components (server software, frameworks, JavaScript libraries) and their versions
// as one exchange reveals them. Used by component-detected, and reusable by an SBOM writer.
#pragma once

#include <string>
#include <vector>

#include "scanner/base/html.h"
#include "scanner/base/http.h"

namespace gapscan {

struct Component {
  std::string name;     // "nginx", "PHP", "WordPress", "jquery" (libraries: npm-style names)
  std::string version;  // "1.22.1"; never empty
  // Where it was seen: "header:Server", "header:X-Powered-By", "meta:generator",
  // "script-url", "js-banner".
  std::string source;
  std::string evidence;  // the header value, generator content, script URL or banner line
};

// Every component with a version the exchange reveals, without duplicates (name + version),
// in discovery order: headers, generator meta tags, script/stylesheet URLs (and the request
// URL itself), then the banner in the first 512 bytes of a JavaScript body. Pure and cheap.
std::vector<Component> detect_components(const Exchange& exchange, const HtmlDocument* html);

}  // namespace gapscan
