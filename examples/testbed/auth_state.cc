#include "examples/testbed/auth_state.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iterator>
#include <stdexcept>

#include "examples/testbed/crypto.h"
#include "examples/testbed/request_log.h"
#include "examples/testbed/site.h"

namespace testbed {
namespace {

constexpr size_t kMaxSessions = 10000;
constexpr size_t kMaxTracked = 10000;  // token counters, spent tokens, throttled names

std::string HexOf(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// --- Flat JSON ---

struct JsonReader {
  std::string_view s;
  size_t i = 0;

  void Ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool Eat(char c) {
    Ws();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  static void Utf8(unsigned cp, std::string& out) {
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xC0 | (cp >> 6));
      out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += char(0xE0 | (cp >> 12));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xF0 | (cp >> 18));
      out += char(0x80 | ((cp >> 12) & 0x3F));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    }
  }
  bool Hex4(unsigned& v) {
    if (i + 4 > s.size()) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s[i++];
      int d = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) return false;
      v = v * 16 + static_cast<unsigned>(d);
    }
    return true;
  }
  bool String(std::string& out) {
    Ws();
    if (i >= s.size() || s[i] != '"') return false;
    ++i;
    while (i < s.size()) {
      const unsigned char c = static_cast<unsigned char>(s[i++]);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c != '\\') {
        out += char(c);
        continue;
      }
      if (i >= s.size()) return false;
      const char e = s[i++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned cp = 0;
          if (!Hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo = 0;
            if (i + 2 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return false;
            i += 2;
            if (!Hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          Utf8(cp, out);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }
  bool Scalar(std::string& out) {
    Ws();
    for (std::string_view lit : {"true", "false", "null"}) {
      if (s.substr(i, lit.size()) == lit) {
        out = std::string(lit);
        i += lit.size();
        return true;
      }
    }
    const size_t start = i;
    if (i < s.size() && s[i] == '-') ++i;
    auto digits = [&] {
      const size_t d = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      return i > d;
    };
    if (!digits()) return false;
    if (i < s.size() && s[i] == '.' && (++i, !digits())) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      if (!digits()) return false;
    }
    out = std::string(s.substr(start, i - start));
    return true;
  }
};

long Now() { return static_cast<long>(std::time(nullptr)); }

std::string StrictSecret(const Options& opt) {
  return opt.HasFlaw("jwt-weak") ? std::string(kWeakJwtSecret) : RandomHex(32);
}

}  // namespace

std::shared_ptr<AuthState> MakeAuthState(const Options& opt) {
  return std::make_shared<AuthState>(opt);
}

std::optional<std::string> Base64Decode(std::string_view in, bool url) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == (url ? '-' : '+')) v = 62;
    if (c == (url ? '_' : '/')) v = 63;
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((acc >> bits) & 0xFF);
    }
  }
  if (bits >= 6) return std::nullopt;  // a lone trailing character
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len) == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(mac), len);
}

bool SafeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<FlatJson> ParseFlatJson(std::string_view text) {
  JsonReader r{text};
  FlatJson out;
  if (!r.Eat('{')) return std::nullopt;
  if (!r.Eat('}')) {
    do {
      std::string key, value;
      if (!r.String(key) || !r.Eat(':')) return std::nullopt;
      r.Ws();
      bool is_string = r.i < text.size() && text[r.i] == '"';
      if (!(is_string ? r.String(value) : r.Scalar(value))) return std::nullopt;
      if (!out.emplace(std::move(key), std::make_pair(is_string, std::move(value))).second)
        return std::nullopt;  // duplicate member: ambiguous, refused
    } while (r.Eat(','));
    if (!r.Eat('}')) return std::nullopt;
  }
  r.Ws();
  if (r.i != text.size()) return std::nullopt;
  return out;
}

AuthState::AuthState(const Options& opt)
    : opt_(opt), jwt_secret_(StrictSecret(opt)), csrf_secret_(RandomHex(32)) {}

const AuthUser* AuthState::FindUser(std::string_view name) const {
  for (const auto& u : opt_.auth_users)
    if (u.name == name) return &u;
  return nullptr;
}

const AuthUser* AuthState::CheckPassword(std::string_view name, std::string_view password) const {
  const AuthUser* u = FindUser(name);
  // Unknown users cost a comparison too, so the answer takes as long.
  static const std::string kDummy = RandomHex(16);
  const bool ok = SafeEquals(password, u ? std::string_view(u->password) : kDummy);
  return u && ok ? u : nullptr;
}

std::string AuthState::NewSessionId(bool weak) {
  if (!weak) return RandomHex(16);
  std::lock_guard lock(mu_);
  return std::to_string(next_weak_id_++);
}

void AuthState::AddSession(const std::string& id, const AuthUser& user) {
  std::lock_guard lock(mu_);
  while (sessions_.size() >= kMaxSessions && !session_order_.empty()) {
    sessions_.erase(session_order_.front());
    session_order_.pop_front();
  }
  sessions_[id] = SessionEntry{{user.name, user.role}, 0};
  session_order_.push_back(id);
  if (session_order_.size() > 2 * kMaxSessions) {  // forget the ids of ended sessions
    std::deque<std::string> live;
    for (auto& x : session_order_)
      if (sessions_.count(x)) live.push_back(std::move(x));
    session_order_ = std::move(live);
  }
}

bool AuthState::CountUse(int& uses) const {
  ++uses;
  return opt_.session_max_requests <= 0 || uses <= opt_.session_max_requests;
}

std::optional<AuthSession> AuthState::UseSession(std::string_view id) {
  if (id.empty()) return std::nullopt;
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (!CountUse(it->second.uses)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second.session;
}

bool AuthState::HasSession(std::string_view id) {
  std::lock_guard lock(mu_);
  return !id.empty() && sessions_.find(id) != sessions_.end();
}

void AuthState::DropSession(std::string_view id) {
  std::lock_guard lock(mu_);
  if (auto it = sessions_.find(id); it != sessions_.end()) sessions_.erase(it);
}

std::string AuthState::IssueToken(const AuthUser& user) const {
  const long now = Now();
  const std::string payload = "{\"sub\":\"" + JsonEscape(user.name) + "\",\"role\":\"" +
                              JsonEscape(user.role) + "\",\"iat\":" + std::to_string(now) +
                              ",\"exp\":" + std::to_string(now + kTokenLifetimeSeconds) +
                              ",\"jti\":\"" + RandomHex(16) + "\"}";
  return MakeJwt(R"({"alg":"HS256","typ":"JWT"})", payload, jwt_secret_);
}

std::optional<TokenClaims> AuthState::UseToken(std::string_view token, bool verify) {
  const size_t d1 = token.find('.');
  if (d1 == std::string_view::npos) return std::nullopt;
  size_t d2 = token.find('.', d1 + 1);
  if (d2 == std::string_view::npos) {
    if (verify) return std::nullopt;
    d2 = token.size();  // "header.payload": the signature stripped with its dot
  }
  if (token.find('.', std::min(d2 + 1, token.size())) != std::string_view::npos)
    return std::nullopt;
  const auto header_raw = Base64Decode(token.substr(0, d1), true);
  const auto payload_raw = Base64Decode(token.substr(d1 + 1, d2 - d1 - 1), true);
  if (!header_raw || !payload_raw) return std::nullopt;
  const auto header = ParseFlatJson(*header_raw);
  const auto payload = ParseFlatJson(*payload_raw);
  if (!header || !payload) return std::nullopt;
  auto str = [&](const FlatJson& j, std::string_view key) -> std::optional<std::string> {
    auto it = j.find(key);
    if (it == j.end() || !it->second.first) return std::nullopt;
    return it->second.second;
  };
  TokenClaims c;
  const auto sub = str(*payload, "sub");
  if (!sub || sub->empty()) return std::nullopt;
  c.sub = *sub;
  c.role = str(*payload, "role").value_or("user");
  c.jti = str(*payload, "jti").value_or("");
  if (verify) {
    if (str(*header, "alg") != "HS256") return std::nullopt;
    const std::string_view signature = token.substr(d2 + 1);
    const std::string expected = Base64(HmacSha256(jwt_secret_, token.substr(0, d2)), true);
    if (!SafeEquals(signature, expected)) return std::nullopt;
    auto exp = payload->find("exp");
    if (exp == payload->end() || exp->second.first) return std::nullopt;
    const double exp_value = std::strtod(exp->second.second.c_str(), nullptr);
    if (!(exp_value > static_cast<double>(Now()))) return std::nullopt;
  }
  if (opt_.session_max_requests > 0 && !c.jti.empty()) {
    std::lock_guard lock(mu_);
    if (spent_tokens_.count(c.jti)) return std::nullopt;
    if (token_uses_.size() >= kMaxTracked) token_uses_.clear();
    int& uses = token_uses_[c.jti];
    if (!CountUse(uses)) {
      token_uses_.erase(c.jti);
      if (spent_tokens_.size() >= kMaxTracked) spent_tokens_.clear();
      spent_tokens_.insert(c.jti);
      return std::nullopt;
    }
  }
  return c;
}

int AuthState::ThrottleWait(uint16_t port, std::string_view user) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  auto it = failures_.find(std::make_pair(port, std::string(user)));
  if (it == failures_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && now - times.front() >= kThrottleWindow) times.pop_front();
  if (static_cast<int>(times.size()) < kThrottleFailures) return 0;
  const auto left = kThrottleWindow - (now - times.front());
  const long secs = static_cast<long>(std::chrono::ceil<std::chrono::seconds>(left).count());
  return static_cast<int>(std::max(1L, secs));
}

void AuthState::RecordLoginFailure(uint16_t port, std::string_view user) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  if (failures_.size() >= kMaxTracked) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      const bool stale = it->second.empty() || now - it->second.back() >= kThrottleWindow;
      it = stale ? failures_.erase(it) : std::next(it);
    }
    if (failures_.size() >= kMaxTracked) failures_.clear();
  }
  auto& times = failures_[std::make_pair(port, std::string(user))];
  times.push_back(now);
  while (static_cast<int>(times.size()) > kThrottleFailures) times.pop_front();
}

void AuthState::RecordLoginSuccess(uint16_t port, std::string_view user) {
  std::lock_guard lock(mu_);
  failures_.erase(std::make_pair(port, std::string(user)));
}

std::string AuthState::CsrfToken(std::string_view purpose, std::string_view binding) const {
  return HexOf(HmacSha256(csrf_secret_, std::string(purpose) + "|" + std::string(binding)))
      .substr(0, 32);
}

bool AuthState::CsrfValid(std::string_view purpose, std::string_view binding,
                          std::string_view token) const {
  return !binding.empty() && SafeEquals(token, CsrfToken(purpose, binding));
}

std::string AuthListJson(const Options& opt) {
  auto list = [](auto begin, auto end) {
    std::string s = "[";
    for (auto it = begin; it != end; ++it)
      s += (it == begin ? "\"" : ",\"") + JsonEscape(*it) + "\"";
    return s + "]";
  };
  auto all = [&](const auto& arr) { return list(std::begin(arr), std::end(arr)); };
  const std::vector<std::string_view> none;
  std::vector<std::string_view> flaws;
  for (const auto& f : AllFlaws())
    if ((f.needs_login || f.id == "jwt-weak") && opt.HasFlaw(f.id)) flaws.push_back(f.id);
  const bool acl = opt.HasFlaw("access-control-missing");

  std::string users = "[";
  for (size_t i = 0; i < opt.auth_users.size(); ++i) {
    const auto& u = opt.auth_users[i];
    users += std::string(i ? "," : "") + "\n    {\"name\":\"" + JsonEscape(u.name) +
             "\",\"password\":\"" + JsonEscape(u.password) + "\",\"role\":\"" + JsonEscape(u.role) +
             "\"}";
  }
  users += "\n  ]";
  std::string out = "{\n";
  out += "  \"users\":" + users + ",\n";
  out +=
      "  \"form_login\":{\"url\":\"/app/login\",\"method\":\"POST\","
      "\"content_type\":\"application/x-www-form-urlencoded\",\"username_field\":\"username\","
      "\"password_field\":\"password\",\"csrf_field\":\"csrf_token\","
      "\"pre_login_cookie\":\"app_pre\",\"session_cookie\":\"app_session\","
      "\"success_status\":302,\"success_location\":\"/app/\","
      "\"logged_in_text\":\"Signed in as \",\"failure_text\":\"Invalid username or password.\","
      "\"logout_url\":\"/app/logout\"},\n";
  out +=
      "  \"json_login\":{\"url\":\"/api/v2/login\",\"method\":\"POST\","
      "\"content_type\":\"application/json\",\"username_field\":\"username\","
      "\"password_field\":\"password\",\"token_pointer\":\"/token\","
      "\"header\":\"Authorization\",\"scheme\":\"Bearer\",\"lifetime_seconds\":" +
      std::to_string(kTokenLifetimeSeconds) + "},\n";
  out += "  \"basic\":{\"realm\":\"members\",\"paths\":" + all(kBasicPaths) + "},\n";
  out += "  \"pages\":{\"user\":" + all(kMemberPages) + ",\"admin\":" + all(kAdminPages) + "},\n";
  out += "  \"api\":{\"user\":" + all(kApiUserPaths) + ",\"admin\":" + all(kApiAdminPaths) + "},\n";
  out += "  \"anonymous_visible\":" + (acl ? all(kAnonymousLeaks) : all(none)) + ",\n";
  out += "  \"user_visible_admin\":" + (acl ? all(kUserLeaks) : all(none)) + ",\n";
  out +=
      "  \"login_schemes\":" +
      std::string(opt.HasFlaw("credentials-over-http") ? "[\"https\",\"http\"]" : "[\"https\"]") +
      ",\n";
  out += "  \"session_max_requests\":" + std::to_string(opt.session_max_requests) + ",\n";
  out += "  \"throttle\":{\"failures\":" +
         std::to_string(opt.HasFlaw("login-no-rate-limit") ? 0 : kThrottleFailures) +
         ",\"window_seconds\":" + std::to_string(kThrottleWindow.count()) + "},\n";
  out += "  \"flaws\":" + list(flaws.begin(), flaws.end()) + "\n";
  return out + "}\n";
}

}  // namespace testbed
