// error-disclosure: stack traces, framework debug pages, SQL errors and versioned server
// signatures on error pages.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kErrorDisclosure{
    "error-disclosure",
    "Error details or stack trace disclosed",
    CheckKind::passive,
    209,
    Severity::medium,
    Confidence::medium,
    "The response contains error details meant for developers: a stack trace (Java, Python, "
    "PHP, .NET, Node.js, Ruby, Go), a framework debug page (Django DEBUG = True, the Werkzeug "
    "debugger, Laravel/Whoops, the ASP.NET yellow screen, the Rails exception page), a database "
    "error message, or an error page signed with the server's exact version. These reveal file "
    "paths, code structure, queries, library versions and sometimes secrets, and a SQL error "
    "often points at an injectable parameter. Each kind of error (and each signing server) is "
    "one finding per origin, listing the affected URLs.",
    "Disable debug output in production (DEBUG = False in Django, APP_DEBUG=false in Laravel, "
    "customErrors/mode=\"RemoteOnly\" in ASP.NET, display_errors = Off in PHP, "
    "config.consider_all_requests_local = false in Rails), catch exceptions and return a "
    "generic error page, log the details server side, and turn off server signatures "
    "(\"ServerSignature Off\", \"server_tokens off\").",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/08-Testing_for_Error_Handling/01-Testing_For_Improper_Error_Handling",
     "https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html",
     "https://cwe.mitre.org/data/definitions/209.html"},
};

namespace {

using disclosure::digits_at;
using disclosure::find_lit;
using disclosure::is_alnum;
using disclosure::is_digit;
using disclosure::is_ident;
using disclosure::npos;
using Needle = disclosure::NeedleSet::Needle;

enum Kind {
  kJava,
  kPython,
  kDjango,
  kWerkzeug,
  kPhp,
  kLaravel,
  kAspNet,
  kNode,
  kRails,
  kRuby,
  kGo,
  kSql,
  kSignature,
  kKindCount
};

struct KindInfo {
  std::string_view key;
  std::string_view label;
};

constexpr KindInfo kKinds[kKindCount] = {
    {"java-stack-trace", "Java exception or stack trace"},
    {"python-traceback", "Python traceback"},
    {"django-debug-page", "Django debug page (DEBUG = True)"},
    {"werkzeug-debugger", "Werkzeug interactive debugger"},
    {"php-error", "PHP error message"},
    {"laravel-debug-page", "Laravel/Whoops debug page"},
    {"aspnet-error", "ASP.NET error details"},
    {"node-stack-trace", "Node.js stack trace"},
    {"rails-debug-page", "Rails exception page"},
    {"ruby-stack-trace", "Ruby stack trace"},
    {"go-panic", "Go panic trace"},
    {"sql-error", "SQL error message"},
    {"server-version-signature", "Error page signed with the server version"},
};

// Needle ids: which validator runs; the kind is part of the id table below.
enum Id {
  kJavaLang,
  kJavax,
  kJavaSql,
  kExceptionInThread,
  kJavaFrame,
  kPyTraceback,
  kDjangoDebug,
  kWerkzeugDebugger,
  kPhpHtmlFatal,
  kPhpHtmlWarning,
  kPhpHtmlNotice,
  kPhpHtmlParse,
  kPhpHtmlDeprecated,
  kPhpOnLine,
  kPhpFatalText,
  kPhpStackTrace,
  kWhoopsText,
  kWhoopsNamespace,
  kIlluminate,
  kAspNetServerError,
  kSystemException,
  kDotnetFrame,
  kNodeAnonymous,
  kNodeCompile,
  kNodeFrame,
  kRailsRouting,
  kRailsTemplate,
  kRailsUnknownFormat,
  kRubyFrame,
  kGoroutine,
  kGoRuntimePanic,
  kMysqlSyntax,
  kOracle,
  kPgRuby,
  kSqlState,
  kMssqlQuote,
  kSqlite3Ruby,
  kPsycopg2,
  kSqlite3Python,
  kPsqlException,
  kPgSyntax,
  kMssqlOleDb,
  kOdbc,
  kMysqlResource,
  kMysqliException,
  kActiveRecordStatement,
  kApacheAddress,
  kNginxCenter,
  kTomcatH3,
  kJettyPowered,
};

Kind kind_of(int id) {
  switch (id) {
    case kJavaLang:
    case kJavax:
    case kExceptionInThread:
    case kJavaFrame:
      return kJava;
    case kPyTraceback:
      return kPython;
    case kDjangoDebug:
      return kDjango;
    case kWerkzeugDebugger:
      return kWerkzeug;
    case kPhpHtmlFatal:
    case kPhpHtmlWarning:
    case kPhpHtmlNotice:
    case kPhpHtmlParse:
    case kPhpHtmlDeprecated:
    case kPhpOnLine:
    case kPhpFatalText:
    case kPhpStackTrace:
      return kPhp;
    case kWhoopsText:
    case kWhoopsNamespace:
    case kIlluminate:
      return kLaravel;
    case kAspNetServerError:
    case kSystemException:
    case kDotnetFrame:
      return kAspNet;
    case kNodeAnonymous:
    case kNodeCompile:
    case kNodeFrame:
      return kNode;
    case kRailsRouting:
    case kRailsTemplate:
    case kRailsUnknownFormat:
      return kRails;
    case kRubyFrame:
      return kRuby;
    case kGoroutine:
    case kGoRuntimePanic:
      return kGo;
    case kApacheAddress:
    case kNginxCenter:
    case kTomcatH3:
    case kJettyPowered:
      return kSignature;
    default:
      return kSql;
  }
}

const disclosure::NeedleSet& needles() {
  static const disclosure::NeedleSet set{
      {"java.lang.", kJavaLang},
      {"javax.servlet.", kJavax},
      {"java.sql.SQL", kJavaSql},
      {"Exception in thread \"", kExceptionInThread},
      {".java:", kJavaFrame},
      {"Traceback (most recent call last):", kPyTraceback},
      {"<code>DEBUG = True</code>", kDjangoDebug},
      {"The debugger caught an exception", kWerkzeugDebugger},
      {"Fatal error</b>:", kPhpHtmlFatal},
      {"Warning</b>:", kPhpHtmlWarning},
      {"Notice</b>:", kPhpHtmlNotice},
      {"Parse error</b>:", kPhpHtmlParse},
      {"Deprecated</b>:", kPhpHtmlDeprecated},
      {".php on line ", kPhpOnLine},
      {"Fatal error: ", kPhpFatalText},
      {"Stack trace:", kPhpStackTrace},
      {"Whoops, looks like something went wrong", kWhoopsText},
      {"Whoops\\", kWhoopsNamespace},
      {"Illuminate\\", kIlluminate},
      {"Server Error in '", kAspNetServerError},
      {"System.", kSystemException},
      {":line ", kDotnetFrame},
      {"Object.<anonymous> (", kNodeAnonymous},
      {"Module._compile", kNodeCompile},
      {".js:", kNodeFrame},
      {"ActionController::RoutingError", kRailsRouting},
      {"ActionView::Template::Error", kRailsTemplate},
      {"ActionController::UnknownFormat", kRailsUnknownFormat},
      {".rb:", kRubyFrame},
      {"goroutine ", kGoroutine},
      {"panic: runtime error: ", kGoRuntimePanic},
      {"You have an error in your SQL syntax", kMysqlSyntax},
      {"ORA-", kOracle},
      {"PG::", kPgRuby},
      {"SQLSTATE[", kSqlState},
      {"Unclosed quotation mark after the character string", kMssqlQuote},
      {"SQLite3::SQLException", kSqlite3Ruby},
      {"psycopg2.", kPsycopg2},
      {"sqlite3.", kSqlite3Python},
      {"PSQLException", kPsqlException},
      {"ERROR:  syntax error at or near", kPgSyntax},
      {"Microsoft OLE DB Provider for SQL Server", kMssqlOleDb},
      {"[Microsoft][ODBC", kOdbc},
      {"supplied argument is not a valid MySQL", kMysqlResource},
      {"mysqli_sql_exception", kMysqliException},
      {"ActiveRecord::StatementInvalid", kActiveRecordStatement},
      {"<address>", kApacheAddress},
      {"<hr><center>", kNginxCenter},
      {"<h3>Apache Tomcat/", kTomcatH3},
      {"Powered by Jetty:// ", kJettyPowered},
  };
  return set;
}

struct Span {
  std::size_t begin;
  std::size_t end;
};

constexpr std::size_t kLineCap = 2000;  // validators look at most this far along a line

std::size_t line_start(std::string_view s, std::size_t pos) {
  const std::size_t floor = pos > kLineCap ? pos - kLineCap : 0;
  const std::size_t nl = pos == 0 ? npos : s.rfind('\n', pos - 1);
  return (nl == npos || nl < floor) ? floor : nl + 1;
}

std::size_t line_end(std::string_view s, std::size_t pos) {
  const std::size_t cap = std::min(s.size(), pos + kLineCap);
  const std::size_t nl = s.find('\n', pos);
  return (nl == npos || nl > cap) ? cap : nl;
}

bool starts_with_at(std::string_view s, std::size_t pos, std::string_view lit) {
  return pos <= s.size() && s.substr(pos).starts_with(lit);
}

// End of a dotted/namespaced class token ([A-Za-z0-9_$.] or '\\') from pos.
std::size_t class_token_end(std::string_view s, std::size_t pos, bool backslash) {
  std::size_t i = pos;
  const std::size_t cap = std::min(s.size(), pos + 300);
  while (i < cap && (is_ident(s[i]) || s[i] == '$' || s[i] == '.' || (backslash && s[i] == '\\'))) {
    ++i;
  }
  while (i > pos && (s[i - 1] == '.' || s[i - 1] == '\\')) --i;
  return i;
}

bool ends_exception(std::string_view token) {
  return token.ends_with("Exception") || token.ends_with("Error");
}

// A qualified exception class starting at pos ("java.lang.NullPointerException").
std::optional<Span> exception_token(std::string_view s, std::size_t pos, std::size_t prefix_len,
                                    bool backslash) {
  if (pos > 0 && (is_ident(s[pos - 1]) || s[pos - 1] == '.')) return std::nullopt;
  const std::size_t end = class_token_end(s, pos, backslash);
  if (end <= pos + prefix_len) return std::nullopt;
  if (!ends_exception(s.substr(pos, end - pos))) return std::nullopt;
  return Span{pos, end};
}

// "at " starting a stack-frame line at `at` (line start, whitespace, or markup before it).
bool frame_at(std::string_view s, std::size_t at) {
  if (!starts_with_at(s, at, "at ")) return false;
  if (at == 0) return true;
  const char c = s[at - 1];
  return !is_alnum(c) && c != '_' && c != '.';
}

// Java frame: "at com.foo.Bar.method(Bar.java:42)", pos at ".java:".
std::optional<Span> java_frame(std::string_view s, std::size_t pos) {
  const std::size_t d = pos + 6;
  const std::size_t nd = digits_at(s, d);
  if (nd == 0 || d + nd >= s.size() || s[d + nd] != ')') return std::nullopt;
  std::size_t f = pos;
  while (f > 0 && pos - f < 200 && (is_ident(s[f - 1]) || s[f - 1] == '$')) --f;
  if (f == pos || f == 0 || s[f - 1] != '(') return std::nullopt;
  const std::size_t paren = f - 1;
  std::size_t m = paren;
  while (m > 0 && paren - m < 300 &&
         (is_ident(s[m - 1]) || s[m - 1] == '$' || s[m - 1] == '.' || s[m - 1] == '<' ||
          s[m - 1] == '>')) {
    --m;
  }
  const std::string_view method = s.substr(m, paren - m);
  if (method.size() < 3 || method.find('.') == npos) return std::nullopt;
  if (m < 3 || !frame_at(s, m - 3)) return std::nullopt;
  return Span{m - 3, d + nd + 1};
}

// Node frame: "at fn (/app/x.js:1:2)" or "at /app/x.js:1:2", pos at ".js:".
std::optional<Span> node_frame(std::string_view s, std::size_t pos) {
  std::size_t i = pos + 4;
  const std::size_t n1 = digits_at(s, i);
  if (n1 == 0) return std::nullopt;
  i += n1;
  if (i >= s.size() || s[i] != ':') return std::nullopt;
  ++i;
  const std::size_t n2 = digits_at(s, i);
  if (n2 == 0) return std::nullopt;
  i += n2;
  const std::size_t ls = line_start(s, pos);
  const std::size_t floor = std::max(ls, pos > 300 ? pos - 300 : std::size_t{0});
  // The path runs back to '(' or to "at "; it has no spaces.
  std::size_t p = pos;
  while (p > floor && s[p - 1] != '(' && s[p - 1] != ' ' && s[p - 1] != '\t') --p;
  if (p == pos) return std::nullopt;
  if (s[p - 1] == '(') {
    if (i >= s.size() || s[i] != ')') return std::nullopt;
    // "at <function> (" before the path.
    if (p < 2 || s[p - 2] != ' ') return std::nullopt;
    std::size_t q = p - 2;
    while (q > floor && s[q - 1] != ' ' && s[q - 1] != '\t') --q;
    if (q < 3 || q - 3 < floor || !frame_at(s, q - 3)) return std::nullopt;
    return Span{q - 3, i + 1};
  }
  if (p < 3 || p - 3 < floor || !frame_at(s, p - 3)) return std::nullopt;
  if (i < s.size() && is_alnum(s[i])) return std::nullopt;
  return Span{p - 3, i};
}

// .NET frame: "at X.Y() in C:\src\Y.cs:line 42", pos at ":line ".
std::optional<Span> dotnet_frame(std::string_view s, std::size_t pos) {
  const std::size_t nd = digits_at(s, pos + 6);
  if (nd == 0) return std::nullopt;
  const std::size_t ls = line_start(s, pos);
  const std::string_view before = s.substr(ls, pos - ls);
  const std::size_t in = before.rfind(") in ");
  if (in == npos) return std::nullopt;
  const std::size_t at = before.rfind("at ", in);
  if (at == npos || !frame_at(s, ls + at)) return std::nullopt;
  return Span{ls + at, pos + 6 + nd};
}

// Ruby frame: "/app/x.rb:12:in `method'", pos at ".rb:".
std::optional<Span> ruby_frame(std::string_view s, std::size_t pos) {
  const std::size_t nd = digits_at(s, pos + 4);
  if (nd == 0) return std::nullopt;
  const std::size_t after = pos + 4 + nd;
  if (!starts_with_at(s, after, ":in `") && !starts_with_at(s, after, ":in '") &&
      !starts_with_at(s, after, ":in &#39;") && !starts_with_at(s, after, ":in &#x27;")) {
    return std::nullopt;
  }
  std::size_t p = pos;
  while (p > 0 && pos - p < 300 && s[p - 1] != ' ' && s[p - 1] != '\t' && s[p - 1] != '\n' &&
         s[p - 1] != '>' && s[p - 1] != '"') {
    --p;
  }
  if (p == pos) return std::nullopt;
  return Span{p, after + 4};
}

// Searches `lit` in s[from, from + window).
std::size_t find_within(std::string_view s, std::string_view lit, std::size_t from,
                        std::size_t window) {
  if (from > s.size()) return npos;
  const std::size_t r = find_lit(s.substr(0, std::min(s.size(), from + window)), lit, from);
  return r;
}

bool line_has_php_level(std::string_view line) {
  for (std::string_view w :
       {"Fatal error", "Warning", "Notice", "Parse error", "Deprecated", "Catchable fatal error"}) {
    if (line.find(w) != npos) return true;
  }
  return false;
}

// Product/version inside a signature ("Apache/2.4.41 (Ubuntu)", "nginx/1.22.1").
bool has_slash_version(std::string_view text) {
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '/' && is_alnum(text[i - 1]) && is_digit(text[i + 1])) return true;
  }
  return false;
}

std::optional<Span> validate(int id, std::string_view s, std::size_t pos, std::size_t len,
                             long status) {
  const Span anchor{pos, pos + len};
  switch (id) {
    case kJavaLang:
    case kJavax:
      return exception_token(s, pos, len, false);
    case kJavaSql:
      return exception_token(s, pos, 9, false);
    case kExceptionInThread: {
      const std::size_t q = find_within(s, "\"", pos + len, 120);
      return Span{pos, q == npos ? pos + len : q + 1};
    }
    case kJavaFrame:
      return java_frame(s, pos);
    case kPyTraceback:
    case kWerkzeugDebugger:
    case kWhoopsText:
    case kRailsRouting:
    case kRailsTemplate:
    case kRailsUnknownFormat:
    case kMysqlSyntax:
    case kMssqlQuote:
    case kSqlite3Ruby:
    case kPsqlException:
    case kPgSyntax:
    case kMssqlOleDb:
    case kOdbc:
    case kMysqlResource:
    case kMysqliException:
    case kActiveRecordStatement:
    case kGoRuntimePanic:
      return anchor;
    case kDjangoDebug: {
      const std::size_t from = pos > 120 ? pos - 120 : 0;
      if (s.substr(from, pos - from).find("seeing this error because you have") == npos) {
        return std::nullopt;
      }
      return anchor;
    }
    case kPhpHtmlFatal:
    case kPhpHtmlWarning:
    case kPhpHtmlNotice:
    case kPhpHtmlParse:
    case kPhpHtmlDeprecated: {
      // "... in <b>/var/www/x.php</b> on line <b>12</b>" follows (later lines for uncaught
      // exceptions, after the stack trace).
      const std::size_t on = find_within(s, " on line <b>", pos + len, 8000);
      if (on == npos || digits_at(s, on + 12) == 0) return std::nullopt;
      return anchor;
    }
    case kPhpOnLine: {
      if (digits_at(s, pos + len) == 0) return std::nullopt;
      const std::size_t ls = line_start(s, pos);
      if (!line_has_php_level(s.substr(ls, pos - ls))) return std::nullopt;
      return Span{pos, pos + len + digits_at(s, pos + len)};
    }
    case kPhpFatalText: {
      const std::size_t le = line_end(s, pos);
      if (s.substr(pos, le - pos).find(".php") == npos) return std::nullopt;
      return anchor;
    }
    case kPhpStackTrace: {
      std::size_t i = pos + len;
      const std::size_t cap = std::min(s.size(), i + 40);
      while (i < cap) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
          ++i;
        } else if (starts_with_at(s, i, "\\n")) {
          i += 2;
        } else if (starts_with_at(s, i, "<br />")) {
          i += 6;
        } else if (starts_with_at(s, i, "<br/>")) {
          i += 5;
        } else if (starts_with_at(s, i, "<br>")) {
          i += 4;
        } else {
          break;
        }
      }
      if (!starts_with_at(s, i, "#0 ")) return std::nullopt;
      return Span{pos, i + 2};
    }
    case kWhoopsNamespace:
      if (pos + len >= s.size() ||
          !(std::isupper(static_cast<unsigned char>(s[pos + len])) || s[pos + len] == '\\')) {
        return std::nullopt;
      }
      return exception_token(s, pos, len, true).value_or(Span{pos, class_token_end(s, pos, true)});
    case kIlluminate:
      return exception_token(s, pos, len, true);
    case kAspNetServerError: {
      const std::size_t app = find_within(s, "' Application.", pos + len, 200);
      if (app == npos || s.substr(pos, app - pos).find('\n') != npos) return std::nullopt;
      return Span{pos, app + 14};
    }
    case kSystemException:
      return exception_token(s, pos, len, false);
    case kDotnetFrame:
      return dotnet_frame(s, pos);
    case kNodeAnonymous:
      if (pos < 3 || !frame_at(s, pos - 3)) return std::nullopt;
      return Span{pos - 3, pos + len};
    case kNodeCompile:
      if (pos < 3 || !frame_at(s, pos - 3)) return std::nullopt;
      return Span{pos - 3, pos + len};
    case kNodeFrame:
      return node_frame(s, pos);
    case kRubyFrame:
      return ruby_frame(s, pos);
    case kGoroutine: {
      const std::size_t nd = digits_at(s, pos + len);
      if (nd == 0 || !starts_with_at(s, pos + len + nd, " [")) return std::nullopt;
      const std::size_t close = find_within(s, "]:", pos + len + nd, 60);
      if (close == npos) return std::nullopt;
      return Span{pos, close + 2};
    }
    case kOracle: {
      if (pos > 0 && is_alnum(s[pos - 1])) return std::nullopt;
      if (digits_at(s, pos + 4) != 5 || !starts_with_at(s, pos + 9, ":")) return std::nullopt;
      return Span{pos, pos + 10};
    }
    case kPgRuby: {
      if (pos > 0 && (is_alnum(s[pos - 1]) || s[pos - 1] == ':')) return std::nullopt;
      std::size_t i = pos + len;
      if (i >= s.size() || !std::isupper(static_cast<unsigned char>(s[i]))) return std::nullopt;
      while (i < s.size() && is_alnum(s[i])) ++i;
      if (i - (pos + len) < 4) return std::nullopt;
      return Span{pos, i};
    }
    case kSqlState: {
      std::size_t i = pos + len;
      std::size_t n = 0;
      while (i + n < s.size() && n < 5 && is_alnum(s[i + n])) ++n;
      if (n != 5 || !starts_with_at(s, i + n, "]")) return std::nullopt;
      return Span{pos, i + n + 1};
    }
    case kPsycopg2:
    case kSqlite3Python: {
      if (pos > 0 && (is_ident(s[pos - 1]) || s[pos - 1] == '.')) return std::nullopt;
      const std::size_t end = class_token_end(s, pos, false);
      const std::string_view token = s.substr(pos, end - pos);
      if (end <= pos + len) return std::nullopt;
      if (!ends_exception(token) && token.find(".errors.") == npos) return std::nullopt;
      return Span{pos, end};
    }
    case kApacheAddress: {
      if (status < 400) return std::nullopt;
      const std::size_t close = find_within(s, "</address>", pos + len, 300);
      if (close == npos) return std::nullopt;
      const std::string_view content = s.substr(pos + len, close - pos - len);
      const std::size_t at = content.find(" Server at ");
      if (at == npos || !has_slash_version(content.substr(0, at))) return std::nullopt;
      return Span{pos, close + 10};
    }
    case kNginxCenter: {
      if (status < 400) return std::nullopt;
      const std::size_t close = find_within(s, "</center>", pos + len, 100);
      if (close == npos) return std::nullopt;
      if (!has_slash_version(s.substr(pos + len, close - pos - len))) return std::nullopt;
      return Span{pos, close + 9};
    }
    case kTomcatH3:
    case kJettyPowered: {
      if (status < 400 || digits_at(s, pos + len) == 0) return std::nullopt;
      std::size_t i = pos + len;
      while (i < s.size() && i < pos + len + 40 && (is_alnum(s[i]) || s[i] == '.' || s[i] == '-')) {
        ++i;
      }
      return Span{pos, i};
    }
    default:
      return std::nullopt;
  }
}

struct Hit {
  Span span;
  std::size_t anchor = 0;
  int id = 0;  // the needle that matched
};

// The product and version a server signature names ("Apache/2.4.41", "nginx/1.22.1",
// "Tomcat/9.0.41", "Jetty/9.4.51.v20230217"): a proxy and its backend sign differently, and
// each is its own finding.
std::string signature_product(int id, std::string_view s, const Span& span) {
  std::string_view text = s.substr(span.begin, span.end - span.begin);
  if (id == kJettyPowered) {
    return "Jetty/" + std::string(trim(text.substr(std::min(text.size(), std::size_t{20}))));
  }
  // The first "name/digit" word of the signature.
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] != '/' || !is_alnum(text[i - 1]) || !is_digit(text[i + 1])) continue;
    std::size_t b = i;
    while (b > 0 && (is_alnum(text[b - 1]) || text[b - 1] == '-' || text[b - 1] == '_')) --b;
    std::size_t e = i + 1;
    while (e < text.size() && (is_alnum(text[e]) || text[e] == '.' || text[e] == '-')) ++e;
    return std::string(text.substr(b, e - b));
  }
  return {};
}

class ErrorDisclosure final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const HttpResponse& res = ex.response;
    if (res.status <= 0 || res.body.empty()) return;
    const disclosure::BodyKind kind = disclosure::body_kind(res);
    if (kind == disclosure::BodyKind::javascript || kind == disclosure::BodyKind::css ||
        kind == disclosure::BodyKind::binary) {
      return;
    }
    const std::string_view body = disclosure::scan_body(res);
    std::optional<Hit> hits[kKindCount];
    std::optional<disclosure::RequestEcho> echo;
    int validations = 0;
    int found = 0;
    needles().scan(body, [&](std::size_t pos, const Needle& nd) {
      const Kind k = kind_of(nd.id);
      if (hits[k]) return true;
      if (++validations > 4096) return false;
      const auto span = validate(nd.id, body, pos, nd.text.size(), res.status);
      if (!span) return true;
      // A soft-404 page quoting the requested path is not an error disclosure.
      if (!echo) echo.emplace(ex.request.url);
      if (echo->covers(body, span->begin, span->end)) return true;
      hits[k] = Hit{*span, pos, nd.id};
      return ++found < kKindCount;
    });
    for (int k = 0; k < kKindCount; ++k) {
      if (!hits[k]) continue;
      const Hit& h = *hits[k];
      Finding f = make_finding(kErrorDisclosure, ex);
      // One finding per error signature and origin: the same debug page or server signature
      // on every error page is one problem, counted in affected_count.
      f.per_origin = true;
      f.key = std::string(kKinds[k].key);
      if (k == kSignature) {
        const std::string product = signature_product(h.id, body, h.span);
        if (!product.empty()) f.key += ":" + product;
      }
      f.evidence.line = line_number_at(body, h.span.begin);
      f.evidence.snippet = disclosure::line_snippet(body, h.span.begin, h.span.end);
      f.evidence.note = std::string(kKinds[k].label);
      f.message = std::string(kKinds[k].label) + " disclosed in the response";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_error_disclosure() {
  return std::make_unique<ErrorDisclosure>();
}

}  // namespace gapscan
