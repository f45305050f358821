// Product fingerprints shared by exposed-admin-console and default-credentials: how an admin
// console's open (authenticated) page, its login form and its HTTP authentication realm look.
// Every signal here is product-specific text; a status code alone never identifies anything.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/http.h"

namespace gapscan::console {

// The exact text of the first case-insensitive occurrence of `needle` in `body`, if any.
std::optional<std::string> find_marker(std::string_view body, std::string_view needle);
// The first of `needles` found (its exact text), if any.
std::optional<std::string> find_any(std::string_view body,
                                    const std::vector<std::string_view>& needles);
bool has_all(std::string_view body, const std::vector<std::string_view>& needles);
// The text of `body` from the first case-insensitive occurrence of `needle` to the end of its
// line, at most max_bytes (printable), or nullopt when `needle` is absent.
std::optional<std::string> excerpt(std::string_view body, std::string_view needle,
                                   std::size_t max_bytes = 120);

// "Basic <base64(user:password)>".
std::string basic_authorization(std::string_view user, std::string_view password);

// One HTTP authentication challenge ("Basic realm=\"Tomcat Manager Application\"").
struct Challenge {
  std::string scheme;  // lower-case: "basic", "digest", ...
  std::string realm;   // unquoted; empty when absent
  std::string raw;     // the header value as sent
};

// Parses one WWW-Authenticate value (the first challenge in it).
std::optional<Challenge> parse_challenge(std::string_view value);
// The first Basic (else Digest) challenge among the response's WWW-Authenticate headers.
std::optional<Challenge> auth_challenge(const HttpResponse& response);

// Consoles we recognise.
enum class Product {
  tomcat_manager,
  tomcat_host_manager,
  tomcat_examples,
  jboss_jmx_console,
  jboss_web_console,
  phpmyadmin,
  adminer,
  jenkins,
  grafana,
  wordpress,
};

std::string_view product_name(Product p);  // "Tomcat Manager", "phpMyAdmin", ...
std::string_view product_key(Product p);   // "tomcat-manager", "phpmyadmin", ...

// Whether `realm` is the product's own HTTP authentication realm (as shipped).
bool is_product_realm(Product p, std::string_view realm);

// The console's own page as an authenticated (or unprotected) user sees it: the marker text
// that proves it, or nullopt. Login pages and error pages never match.
std::optional<std::string> open_page_marker(Product p, const HttpResponse& response);

// The product's login form (its field names and product name), or nullopt.
std::optional<std::string> login_form_marker(Product p, const HttpResponse& response);

// A product-specific refusal page (Tomcat's 403 "only accessible from ... the same machine",
// Jenkins' 403 with X-Jenkins), or nullopt.
std::optional<std::string> refusal_marker(Product p, const HttpResponse& response);

}  // namespace gapscan::console
