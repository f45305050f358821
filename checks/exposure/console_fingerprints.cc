#include "checks/exposure/console_fingerprints.h"

#include <algorithm>
#include <cctype>

#include "scanner/base/text.h"

namespace gapscan::console {

std::optional<std::string> find_marker(std::string_view body, std::string_view needle) {
  if (needle.empty() || body.size() < needle.size()) return std::nullopt;
  const std::string lower_body = to_lower(body);
  const std::size_t pos = lower_body.find(to_lower(needle));
  if (pos == std::string::npos) return std::nullopt;
  return std::string(body.substr(pos, needle.size()));
}

std::optional<std::string> find_any(std::string_view body,
                                    const std::vector<std::string_view>& needles) {
  for (std::string_view n : needles) {
    if (auto m = find_marker(body, n)) return m;
  }
  return std::nullopt;
}

bool has_all(std::string_view body, const std::vector<std::string_view>& needles) {
  for (std::string_view n : needles) {
    if (!icontains(body, n)) return false;
  }
  return true;
}

std::optional<std::string> excerpt(std::string_view body, std::string_view needle,
                                   std::size_t max_bytes) {
  if (needle.empty()) return std::nullopt;
  const std::size_t pos = to_lower(body).find(to_lower(needle));
  if (pos == std::string::npos) return std::nullopt;
  std::string_view rest = body.substr(pos);
  rest = rest.substr(0, rest.find_first_of("\r\n"));
  return printable_snippet(rest, std::max(max_bytes, needle.size()));
}

std::string basic_authorization(std::string_view user, std::string_view password) {
  std::string pair(user);
  pair += ':';
  pair += password;
  return "Basic " + base64_encode(pair);
}

std::optional<Challenge> parse_challenge(std::string_view value) {
  std::string_view v = trim(value);
  std::size_t i = 0;
  while (i < v.size() && (std::isalnum(static_cast<unsigned char>(v[i])) || v[i] == '-' ||
                          v[i] == '_' || v[i] == '.')) {
    ++i;
  }
  if (i == 0) return std::nullopt;
  Challenge c;
  c.scheme = to_lower(v.substr(0, i));
  c.raw = std::string(value);
  // realm="..." (quoted, with \" escapes) or realm=token, anywhere in the parameters.
  const std::string lower = to_lower(v);
  std::size_t pos = i;
  while ((pos = lower.find("realm", pos)) != std::string::npos) {
    const bool boundary =
        pos == 0 || lower[pos - 1] == ' ' || lower[pos - 1] == ',' || lower[pos - 1] == '\t';
    std::size_t j = pos + 5;
    while (j < v.size() && (v[j] == ' ' || v[j] == '\t')) ++j;
    if (!boundary || j >= v.size() || v[j] != '=') {
      pos += 5;
      continue;
    }
    ++j;
    while (j < v.size() && (v[j] == ' ' || v[j] == '\t')) ++j;
    std::string realm;
    if (j < v.size() && v[j] == '"') {
      for (++j; j < v.size() && v[j] != '"'; ++j) {
        if (v[j] == '\\' && j + 1 < v.size()) ++j;
        realm += v[j];
      }
    } else {
      while (j < v.size() && v[j] != ',' && v[j] != ' ' && v[j] != '\t') realm += v[j++];
    }
    c.realm = realm;
    break;
  }
  return c;
}

std::optional<Challenge> auth_challenge(const HttpResponse& response) {
  std::optional<Challenge> digest;
  for (const std::string* value : find_headers(response.headers, "WWW-Authenticate")) {
    auto c = parse_challenge(*value);
    if (!c) continue;
    if (c->scheme == "basic") return c;
    if (c->scheme == "digest" && !digest) digest = c;
  }
  return digest;
}

std::string_view product_name(Product p) {
  switch (p) {
    case Product::tomcat_manager:
      return "Tomcat Manager";
    case Product::tomcat_host_manager:
      return "Tomcat Host Manager";
    case Product::tomcat_examples:
      return "Tomcat example applications";
    case Product::jboss_jmx_console:
      return "JBoss JMX Console";
    case Product::jboss_web_console:
      return "JBoss Web Console";
    case Product::phpmyadmin:
      return "phpMyAdmin";
    case Product::adminer:
      return "Adminer";
    case Product::jenkins:
      return "Jenkins script console";
    case Product::grafana:
      return "Grafana";
    case Product::wordpress:
      return "WordPress";
  }
  return "console";
}

std::string_view product_key(Product p) {
  switch (p) {
    case Product::tomcat_manager:
      return "tomcat-manager";
    case Product::tomcat_host_manager:
      return "tomcat-host-manager";
    case Product::tomcat_examples:
      return "tomcat-examples";
    case Product::jboss_jmx_console:
      return "jboss-jmx-console";
    case Product::jboss_web_console:
      return "jboss-web-console";
    case Product::phpmyadmin:
      return "phpmyadmin";
    case Product::adminer:
      return "adminer";
    case Product::jenkins:
      return "jenkins";
    case Product::grafana:
      return "grafana";
    case Product::wordpress:
      return "wordpress";
  }
  return "console";
}

bool is_product_realm(Product p, std::string_view realm) {
  realm = trim(realm);
  switch (p) {
    case Product::tomcat_manager:
      return iequals(realm, "Tomcat Manager Application");
    case Product::tomcat_host_manager:
      return iequals(realm, "Tomcat Host Manager Application");
    case Product::jboss_jmx_console:
      return iequals(realm, "JBoss JMX Console");
    case Product::jboss_web_console:
      return iequals(realm, "Web Console") || iequals(realm, "JBoss Web Console");
    case Product::phpmyadmin:
      // auth_type 'http' sends "phpMyAdmin <server>" unless configured otherwise.
      return istarts_with(realm, "phpMyAdmin");
    default:
      return false;
  }
}

std::optional<std::string> open_page_marker(Product p, const HttpResponse& response) {
  const std::string_view body = response.body;
  switch (p) {
    case Product::tomcat_manager:
      if (auto m = find_marker(body, "Tomcat Web Application Manager")) return m;
      if (has_all(body, {"Server Status", "Tomcat Version", "JVM Version"})) {
        return find_marker(body, "Server Status");
      }
      return std::nullopt;
    case Product::tomcat_host_manager:
      return find_marker(body, "Tomcat Virtual Host Manager");
    case Product::tomcat_examples:
      if (!icontains(body, "Servlets examples") && !icontains(body, "JSP Examples")) {
        return std::nullopt;
      }
      return find_marker(body, "Apache Tomcat Examples");
    case Product::jboss_jmx_console:
      return find_any(body, {"JBoss JMX Management Console", "JMX Agent View"});
    case Product::jboss_web_console:
      return find_marker(body, "JBoss Management Console");
    case Product::phpmyadmin:
      if (icontains(body, "pma_username") || !icontains(body, "phpMyAdmin")) return std::nullopt;
      return find_any(body, {"pma_navigation", "route=/server/databases", "server_databases.php",
                             "navigation_tree"});
    case Product::jenkins: {
      const bool jenkins = has_header(response.headers, "X-Jenkins") || icontains(body, "Jenkins");
      if (!jenkins || !icontains(body, "Script Console")) return std::nullopt;
      if (!icontains(body, "name=\"script\"") && !icontains(body, "scriptText")) {
        return std::nullopt;
      }
      return find_marker(body, "Script Console");
    }
    case Product::wordpress:
      if (icontains(body, "name=\"pwd\"") || !icontains(body, "wp-admin")) return std::nullopt;
      return find_marker(body, "id=\"wpadminbar\"");
    case Product::adminer:
    case Product::grafana:
      return std::nullopt;  // only their login forms are fingerprinted
  }
  return std::nullopt;
}

std::optional<std::string> login_form_marker(Product p, const HttpResponse& response) {
  const std::string_view body = response.body;
  switch (p) {
    case Product::phpmyadmin:
      if (!has_all(body, {"phpMyAdmin", "name=\"pma_password\""})) return std::nullopt;
      return find_marker(body, "name=\"pma_username\"");
    case Product::adminer:
      if (!has_all(body, {"Adminer", "name=\"auth[password]\""})) return std::nullopt;
      return find_marker(body, "name=\"auth[username]\"");
    case Product::jenkins: {
      const bool jenkins = has_header(response.headers, "X-Jenkins") || icontains(body, "Jenkins");
      if (!jenkins || !icontains(body, "j_password")) return std::nullopt;
      return find_marker(body, "j_username");
    }
    case Product::grafana:
      if (!icontains(body, "grafana")) return std::nullopt;
      return find_any(body, {"grafanaBootData", "<title>Grafana</title>"});
    case Product::wordpress:
      if (!has_all(body, {"name=\"log\"", "name=\"pwd\""})) return std::nullopt;
      return find_marker(body, "wp-submit");
    default:
      return std::nullopt;
  }
}

std::optional<std::string> refusal_marker(Product p, const HttpResponse& response) {
  const std::string_view body = response.body;
  switch (p) {
    case Product::tomcat_manager:
      return find_marker(body,
                         "the Manager is only accessible from a browser running on the same "
                         "machine as Tomcat");
    case Product::tomcat_host_manager:
      return find_marker(body,
                         "the Host Manager is only accessible from a browser running on the "
                         "same machine as Tomcat");
    case Product::jenkins: {
      const std::string* version = find_header(response.headers, "X-Jenkins");
      if (version == nullptr || !icontains(body, "login")) return std::nullopt;
      return "X-Jenkins: " + *version;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace gapscan::console
