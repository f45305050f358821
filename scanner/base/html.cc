// HTML extraction with gumbo. URLs come only from attribute values, never text, so URLs inside
// scripts, comments, textareas and the like are not picked up, just as a browser would not
// fetch them. Text is read only as the label of a link or button.
#include "scanner/base/html.h"

#include <gumbo.h>
#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "scanner/base/text.h"

namespace gapscan {
namespace {

// ---------------------------------------------------------------------------------------------
// Small string helpers (ASCII only, as HTML keywords are ASCII).

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && is_html_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_html_space(s.back())) s.remove_suffix(1);
  return s;
}

// Strip and collapse ASCII whitespace, as document.title and option labels do.
std::string collapse_space(std::string_view s) {
  std::string out;
  bool pending = false;
  for (const char c : s) {
    if (is_html_space(c)) {
      pending = !out.empty();
    } else {
      if (pending) out += ' ';
      pending = false;
      out += c;
    }
  }
  return out;
}

bool istarts(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

// Case-insensitive find of a lower-case needle.
std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from = 0) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (istarts(hay.substr(i), needle)) return i;
  }
  return std::string_view::npos;
}

bool in_list(std::string_view name, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

bool has_token(std::string_view list, std::string_view token) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && is_html_space(list[i])) ++i;
    std::size_t j = i;
    while (j < list.size() && !is_html_space(list[j])) ++j;
    if (j > i && to_lower(list.substr(i, j - i)) == token) return true;
    i = j;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Nesting guard. gumbo 0.10.1 has no depth limit, and its cost grows much faster than linearly
// with the depth of the open-element stack: 10k unclosed <div>s take seconds, 40k over a
// minute, and "<b><i><u></b>" repeated eats memory quadratically until gumbo aborts on a failed
// allocation. Browsers cap the depth (Blink: 512), so a hostile page could stall or kill the
// scanner without this. We estimate the stack depth with a cheap tokenizer that mirrors the
// tree builder's main rules and errs towards over-estimating, and cut the input before the
// point where the estimate passes the limit.

constexpr std::size_t kMaxNesting = 1024;

enum TagFlag : unsigned {
  kVoid = 1u << 0,        // never stays open
  kSpecial = 1u << 1,     // the tree builder's "special" category
  kFormatting = 1u << 2,  // reopened by "reconstruct the active formatting elements"
  kScope = 1u << 3,       // boundary of "has an element in scope"
  kMarker = 1u << 4,      // pushes a marker on the list of active formatting elements
  kRawText = 1u << 5,     // content is text up to the matching end tag
  kClosesP = 1u << 6,     // start tag closes an open <p>
  kTablePart = 1u << 7,   // only means something inside a table
  kForeign = 1u << 8,     // svg, math
  kReopens = 1u << 9,     // special, yet reconstructs the active formatting elements
};

using TagFlags = std::array<unsigned, GUMBO_TAG_LAST + 1>;

const TagFlags& tag_flags() {
  static const TagFlags flags = [] {
    TagFlags f{};
    // Space-separated tag names; ones gumbo does not know are parsed as ordinary elements by
    // gumbo too, so they are left out.
    const auto set = [&f](unsigned flag, std::string_view names) {
      std::size_t i = 0;
      while (i < names.size()) {
        const std::size_t end = std::min(names.find(' ', i), names.size());
        if (end > i) {
          const GumboTag t = gumbo_tagn_enum(names.data() + i, static_cast<unsigned>(end - i));
          if (t != GUMBO_TAG_UNKNOWN && t != GUMBO_TAG_LAST) f[t] |= flag;
        }
        i = end + 1;
      }
    };
    set(kVoid,
        "area base basefont bgsound br col embed frame hr image img input keygen link meta "
        "param source track wbr html head body frameset");
    set(kSpecial,
        "address applet area article aside base basefont bgsound blockquote body br button "
        "caption center col colgroup dd details dir div dl dt embed fieldset figcaption "
        "figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html "
        "iframe img input keygen li link listing main marquee menu meta nav noembed noframes "
        "noscript object ol p param plaintext pre script section select source style summary "
        "table tbody td template textarea tfoot th thead title tr track ul wbr xmp mi mo mn "
        "ms mtext annotation-xml foreignobject desc");
    set(kFormatting, "a b big code em font i nobr s small strike strong tt u");
    set(kScope,
        "applet caption html table td th marquee object template mi mo mn ms mtext "
        "annotation-xml foreignobject desc svg math");
    set(kMarker, "applet caption marquee object template td th");
    // Not noscript: gumbo parses its content as markup (scripting disabled).
    set(kRawText, "script style xmp iframe noembed noframes textarea title");
    set(kClosesP,
        "address article aside blockquote center details dialog dir div dl fieldset "
        "figcaption figure footer form header hgroup main menu nav ol p section summary ul h1 "
        "h2 h3 h4 h5 h6 pre listing table li dd dt plaintext xmp");
    set(kTablePart, "caption col colgroup tbody td tfoot th thead tr");
    set(kForeign, "svg math");
    set(kReopens, "applet marquee object area br embed img keygen wbr input button select xmp");
    return f;
  }();
  return flags;
}

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
         t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

class NestingEstimator {
 public:
  // Offset at which the estimated depth first passes the limit, or npos.
  std::size_t find_excess(std::string_view html) {
    std::size_t i = 0;
    std::size_t text_from = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
      if (text(html.substr(text_from, i - text_from))) return text_from;
      const std::string_view rest = html.substr(i);
      const std::size_t tag_start = i;
      if (rest.starts_with("<!--")) {
        const auto end = html.find("-->", i + 4);
        if (end == std::string_view::npos) return std::string_view::npos;
        i = end + 3;
      } else if (rest.size() > 2 && rest[1] == '/' && is_alpha(rest[2])) {
        const std::string name = read_name(html, i + 2);
        i = skip_tag(html, i + 2 + name.size(), nullptr);
        end_tag(name);
      } else if (rest.size() > 1 && is_alpha(rest[1])) {
        const std::string name = read_name(html, i + 1);
        bool self_closing = false;
        i = skip_tag(html, i + 1 + name.size(), &self_closing);
        if (name == "plaintext") return std::string_view::npos;  // the rest is text
        const Entry e = entry(name);
        start_tag(e, self_closing);
        if (stack_.size() > kMaxNesting) return tag_start;
        if (foreign_ == 0 && (flags(e) & kRawText) != 0) {
          const auto end = ifind(html, "</" + name, i);
          if (end == std::string_view::npos) return std::string_view::npos;
          i = end;
        }
      } else if (rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</")) {
        i = skip_tag(html, i + 2, nullptr);
      } else {
        ++i;  // a lone "<" is text
        continue;
      }
      text_from = i;
    }
    if (text(html.substr(std::min(text_from, html.size())))) return text_from;
    return std::string_view::npos;
  }

 private:
  struct Entry {
    GumboTag tag;
    std::size_t hash;  // tells unknown (custom) elements apart
    bool operator==(const Entry& o) const { return tag == o.tag && hash == o.hash; }
  };

  static Entry entry(const std::string& name) {
    return {gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size())),
            std::hash<std::string>()(name)};
  }

  static unsigned flags(const Entry& e) { return tag_flags()[e.tag]; }

  static std::string read_name(std::string_view html, std::size_t i) {
    std::string name;
    while (i < html.size() && !is_html_space(html[i]) && html[i] != '/' && html[i] != '>') {
      name += ascii_lower(html[i++]);
    }
    return name;
  }

  // Skips attributes (quotes respected) up to and including '>'.
  static std::size_t skip_tag(std::string_view html, std::size_t i, bool* self_closing) {
    char quote = 0;
    char prev = 0;
    for (; i < html.size(); ++i) {
      const char c = html[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if ((c == '"' || c == '\'') && prev == '=') {
        quote = c;
      } else if (c == '>') {
        if (self_closing != nullptr) *self_closing = prev == '/';
        return i + 1;
      }
      if (!is_html_space(c)) prev = c;
    }
    return html.size();
  }

  // Text reopens formatting elements that were closed implicitly. True when over the limit.
  bool text(std::string_view s) {
    if (pending_.empty()) return false;
    if (std::all_of(s.begin(), s.end(), is_html_space)) return false;
    reconstruct();
    return stack_.size() > kMaxNesting;
  }

  void reconstruct() {
    for (const Entry& e : pending_) push(e);
    pending_.clear();
  }

  void push(const Entry& e) {
    if ((flags(e) & kForeign) != 0) ++foreign_;
    stack_.push_back(e);
  }

  // Pops the entries from index n up. Formatting elements popped this way are remembered for
  // reconstruction, except those inside a cell, caption or the like (the marker clears them).
  void pop_to_index(std::size_t n) {
    for (std::size_t k = stack_.size(); k-- > n;) {
      const unsigned f = flags(stack_[k]);
      if ((f & kForeign) != 0) --foreign_;
      if ((f & kMarker) != 0) {
        pending_.clear();
      } else if ((f & kFormatting) != 0 &&
                 std::count(pending_.begin(), pending_.end(), stack_[k]) < 3) {
        pending_.insert(pending_.begin(), stack_[k]);
      }
    }
    stack_.resize(n);
  }

  // Index of the topmost entry accepted by match, not looking past one stopped by boundary.
  template <typename Match, typename Boundary>
  std::optional<std::size_t> find(Match match, Boundary boundary) const {
    for (std::size_t k = stack_.size(); k-- > 0;) {
      if (match(stack_[k])) return k;
      if (boundary(stack_[k])) return std::nullopt;
    }
    return std::nullopt;
  }

  // Pops the topmost matching entry and everything above it, if found.
  template <typename Match, typename Boundary>
  void close(Match match, Boundary boundary) {
    if (const auto k = find(match, boundary)) pop_to_index(*k);
  }

  static auto is_tag(std::initializer_list<GumboTag> tags) {
    return [v = std::vector<GumboTag>(tags)](const Entry& e) {
      return std::find(v.begin(), v.end(), e.tag) != v.end();
    };
  }
  static auto has_flag(unsigned flag) {
    return [flag](const Entry& e) { return (flags(e) & flag) != 0; };
  }

  void start_tag(const Entry& e, bool self_closing) {
    const unsigned f = flags(e);
    if ((f & kTablePart) != 0) {
      // Ignored outside tables; inside, a new cell/row/section closes the previous one (and
      // the markers drop the formatting elements opened in it).
      if (!find(is_tag({GUMBO_TAG_TABLE}), [](const Entry&) { return false; })) return;
      const auto table_scope = is_tag({GUMBO_TAG_TABLE, GUMBO_TAG_TEMPLATE});
      if (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH) {
        close(is_tag({GUMBO_TAG_TD, GUMBO_TAG_TH}),
              is_tag({GUMBO_TAG_TR, GUMBO_TAG_TABLE, GUMBO_TAG_TEMPLATE}));
      } else if (e.tag == GUMBO_TAG_TR) {
        close(is_tag({GUMBO_TAG_TR}), table_scope);
      } else if (e.tag != GUMBO_TAG_COL) {
        close(is_tag({GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT, GUMBO_TAG_CAPTION,
                      GUMBO_TAG_COLGROUP}),
              table_scope);
      }
      if (e.tag != GUMBO_TAG_COL) push(e);
      return;
    }
    if (foreign_ > 0 && self_closing) return;
    // A table start tag directly in a table (not in a cell) closes that table first.
    if (e.tag == GUMBO_TAG_TABLE) {
      const auto k = find(is_tag({GUMBO_TAG_TABLE, GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_TEMPLATE}),
                          [](const Entry&) { return false; });
      if (k && stack_[*k].tag == GUMBO_TAG_TABLE) pop_to_index(*k);
    }
    if ((f & kClosesP) != 0) {
      close(is_tag({GUMBO_TAG_P}),
            [](const Entry& x) { return x.tag == GUMBO_TAG_BUTTON || (flags(x) & kScope) != 0; });
    }
    // li, dd and dt close an open sibling, looking through anything but special elements.
    const auto li_boundary = [](const Entry& x) {
      return (flags(x) & kSpecial) != 0 && x.tag != GUMBO_TAG_ADDRESS && x.tag != GUMBO_TAG_DIV &&
             x.tag != GUMBO_TAG_P;
    };
    if (e.tag == GUMBO_TAG_LI) close(is_tag({GUMBO_TAG_LI}), li_boundary);
    if (e.tag == GUMBO_TAG_DD || e.tag == GUMBO_TAG_DT) {
      close(is_tag({GUMBO_TAG_DD, GUMBO_TAG_DT}), li_boundary);
    }
    if (e.tag == GUMBO_TAG_BUTTON) close(is_tag({GUMBO_TAG_BUTTON}), has_flag(kScope));
    // These close only the current node, so they never lead to under-estimating.
    if (!stack_.empty()) {
      const Entry& top = stack_.back();
      if ((is_heading(e.tag) && is_heading(top.tag)) ||
          ((e.tag == GUMBO_TAG_OPTION || e.tag == GUMBO_TAG_OPTGROUP) &&
           top.tag == GUMBO_TAG_OPTION)) {
        pop_to_index(stack_.size() - 1);
      }
    }
    // Block-level (special) elements do not reopen formatting elements; text and inline
    // elements inside them do.
    if ((f & kSpecial) == 0 || (f & kReopens) != 0) reconstruct();
    if ((f & kVoid) == 0) push(e);
  }

  void end_tag(const std::string& name) {
    const Entry e = entry(name);
    const unsigned f = flags(e);
    const auto same = [&e](const Entry& x) { return x == e; };
    if (foreign_ > 0) {
      // In SVG/MathML an end tag closes the matching element, whatever it is.
      if (const auto k = find(same, has_flag(kForeign))) {
        pop_to_index(*k);
        return;
      }
    }
    if ((f & kVoid) != 0) return;
    if ((f & kTablePart) != 0 || e.tag == GUMBO_TAG_TABLE) {
      close(same, is_tag({GUMBO_TAG_TABLE, GUMBO_TAG_TEMPLATE, GUMBO_TAG_HTML}));
    } else if ((f & kFormatting) != 0) {
      // Adoption agency: without a special element above it, the formatting element closes
      // everything above it; with one, elements are moved around but the depth never grows,
      // so leave it.
      const auto k = find(same, has_flag(kScope));
      if (!k) {
        if (const auto p = std::find(pending_.begin(), pending_.end(), e); p != pending_.end()) {
          pending_.erase(p);
        }
        return;
      }
      for (std::size_t j = *k + 1; j < stack_.size(); ++j) {
        if ((flags(stack_[j]) & kSpecial) != 0) return;
      }
      pop_to_index(*k + 1);
      stack_.pop_back();
    } else if (is_heading(e.tag)) {
      close([](const Entry& x) { return is_heading(x.tag); }, has_flag(kScope));
    } else if ((f & kSpecial) != 0) {
      const bool li = e.tag == GUMBO_TAG_LI;
      close(same, [li](const Entry& x) {
        return (flags(x) & kScope) != 0 || (li && (x.tag == GUMBO_TAG_UL || x.tag == GUMBO_TAG_OL));
      });
    } else {
      // "Any other end tag": closes the matching element unless a special one is in between.
      close(same, has_flag(kSpecial));
    }
  }

  std::vector<Entry> stack_;
  std::vector<Entry> pending_;  // formatting elements to reopen, oldest first
  int foreign_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Gumbo tree helpers.

struct GumboOutputDeleter {
  // Default allocator functions, as used for the parse.
  void operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }
};

bool is_element(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

bool is_html(const GumboNode* n, GumboTag tag) {
  return is_element(n) && n->v.element.tag == tag &&
         n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
}

const char* attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a != nullptr ? a->value : nullptr;
}

std::string attr_or(const GumboNode* n, const char* name, std::string_view fallback = {}) {
  const char* v = attr(n, name);
  return v != nullptr ? std::string(v) : std::string(fallback);
}

const GumboVector& children(const GumboNode* n) {
  return n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
}

// Calls f(node) for every node below root in document order, without recursion (hostile
// documents can be deep).
template <typename F>
void walk(const GumboNode* root, F f) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n != root) f(n);
    if (n->type == GUMBO_NODE_DOCUMENT || is_element(n)) {
      const GumboVector& kids = children(n);
      for (unsigned i = kids.length; i-- > 0;) {
        stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
      }
    }
  }
}

// Concatenated text of all descendants.
std::string text_content(const GumboNode* n) {
  std::string out;
  walk(n, [&out](const GumboNode* d) {
    if (d->type == GUMBO_NODE_TEXT || d->type == GUMBO_NODE_WHITESPACE ||
        d->type == GUMBO_NODE_CDATA) {
      out += d->v.text.text;
    }
  });
  return out;
}

// Cuts UTF-8 text to at most max bytes, never inside a character.
std::string cap_utf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  return s;
}

// What a reader sees of a link: its text, else its aria-label or title, else an image's alt.
// The walk is bounded: a hostile page can nest a thousand SVG links, each holding the rest.
std::string link_text(const GumboNode* link) {
  constexpr int kMaxNodes = 256;
  std::string text;
  const char* alt = nullptr;
  std::vector<const GumboNode*> stack{link};
  for (int visited = 0; !stack.empty() && visited < kMaxNodes; ++visited) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      text += n->v.text.text;
      if (text.size() > 4 * kMaxLinkText) break;
    } else if (is_element(n)) {
      if (alt == nullptr && is_html(n, GUMBO_TAG_IMG)) alt = attr(n, "alt");
      const GumboVector& kids = children(n);
      for (unsigned i = kids.length; i-- > 0;) {
        stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
      }
    }
  }
  text = collapse_space(text);
  for (const char* fallback : {attr(link, "aria-label"), attr(link, "title"), alt}) {
    if (!text.empty()) break;
    if (fallback != nullptr) text = collapse_space(fallback);
  }
  return cap_utf8(std::move(text), kMaxLinkText);
}

// ---------------------------------------------------------------------------------------------
// Attribute value parsers.

// Image candidate URLs of a srcset (HTML "parse a srcset attribute"): URLs are split on
// whitespace, a trailing comma ends a candidate, and descriptors run to the next comma outside
// parentheses.
std::vector<std::string> srcset_urls(std::string_view s) {
  std::vector<std::string> urls;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (is_html_space(s[i]) || s[i] == ',')) ++i;
    if (i >= s.size()) break;
    std::size_t j = i;
    while (j < s.size() && !is_html_space(s[j])) ++j;
    std::string_view url = s.substr(i, j - i);
    i = j;
    if (url.ends_with(',')) {
      while (url.ends_with(',')) url.remove_suffix(1);
    } else {
      int depth = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == '(') ++depth;
        if (s[i] == ')' && depth > 0) --depth;
        if (s[i] == ',' && depth == 0) break;
      }
    }
    if (!url.empty()) urls.emplace_back(url);
  }
  return urls;
}

// The URL of a <meta http-equiv=refresh> content ("5; url='x'"), per the HTML "shared
// declarative refresh steps". Empty when there is none (a plain reload).
std::string refresh_url(std::string_view s) {
  std::size_t i = 0;
  const auto skip_space = [&] {
    while (i < s.size() && is_html_space(s[i])) ++i;
  };
  skip_space();
  const std::size_t digits = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == digits && (i >= s.size() || s[i] != '.')) return {};
  while (i < s.size() && (is_digit(s[i]) || s[i] == '.')) ++i;
  const std::size_t time_end = i;
  skip_space();
  if (i < s.size() && (s[i] == ';' || s[i] == ',')) {
    ++i;
    skip_space();
  } else if (i < s.size() && i == time_end) {
    return {};  // "5x" is not a valid refresh
  }
  if (i >= s.size()) return {};
  // Optional "url =" prefix.
  const std::size_t url_start = i;
  if (istarts(s.substr(i), "url")) {
    i += 3;
    skip_space();
    if (i < s.size() && s[i] == '=') {
      ++i;
      skip_space();
    } else {
      i = url_start;
    }
  }
  std::string_view url = s.substr(i);
  if (!url.empty() && (url.front() == '\'' || url.front() == '"')) {
    const char quote = url.front();
    url.remove_prefix(1);
    url = url.substr(0, url.find(quote));
  }
  return std::string(trim_space(url));
}

// ---------------------------------------------------------------------------------------------
// Extraction.

class Extractor {
 public:
  Extractor(std::string_view source, const Url& document_url, HtmlDocument& doc)
      : source_(source), document_url_(document_url), base_(document_url), doc_(doc) {}

  void run(const GumboNode* document) {
    index(document);
    doc_.base_url = base_.to_string();
    walk(document, [this](const GumboNode* n) {
      if (is_element(n)) element(n);
    });
  }

 private:
  // First pass: forms, the first element of every id (for form= owners) and the first <base>
  // with an href, which sets the base URL of the whole document.
  void index(const GumboNode* document) {
    bool have_base = false;
    walk(document, [&](const GumboNode* n) {
      if (!is_element(n)) return;
      if (const char* id = attr(n, "id"); id != nullptr) first_by_id_.emplace(id, n);
      if (is_html(n, GUMBO_TAG_FORM)) {
        form_index_.emplace(n, doc_.forms.size());
        form_starts_.emplace_back(n->v.element.start_pos.offset, doc_.forms.size());
        doc_.forms.push_back(make_form(n));
      } else if (!have_base && is_html(n, GUMBO_TAG_BASE) && attr(n, "href") != nullptr) {
        have_base = true;
        if (auto b = resolve_url(document_url_, attr(n, "href"))) base_ = *b;
      }
    });
    std::sort(form_starts_.begin(), form_starts_.end());
    // Where </form> end tags appear in the source; see parser_form_owner().
    for (std::size_t i = 0; (i = ifind(source_, "</form", i)) != std::string_view::npos; i += 6) {
      const std::size_t after = i + 6;
      if (after >= source_.size() || is_html_space(source_[after]) || source_[after] == '>' ||
          source_[after] == '/') {
        form_end_tags_.push_back(i);
      }
    }
    // Forms need their base-resolved action, so fill it in once the base is known.
    for (const auto& [node, idx] : form_index_) doc_.forms[idx].action = form_action(node);
  }

  HtmlForm make_form(const GumboNode* n) {
    HtmlForm form;
    form.method = to_lower(trim_space(attr_or(n, "method"))) == "post" ? "POST" : "GET";
    const std::string enctype = to_lower(trim_space(attr_or(n, "enctype")));
    form.enctype = (enctype == "multipart/form-data" || enctype == "text/plain")
                       ? enctype
                       : "application/x-www-form-urlencoded";
    form.id = attr_or(n, "id");
    return form;
  }

  // An absent or empty action submits to the document's own URL (not the base URL). Actions
  // that are not http(s) (javascript:, mailto:) leave it empty: the form is still reported for
  // passive checks but cannot be submitted.
  std::string form_action(const GumboNode* n) {
    const char* action = attr(n, "action");
    if (action == nullptr || *action == '\0') return document_url_.to_string();
    const auto url = resolve_url(base_, action);
    return url ? url->to_string() : std::string();
  }

  void add_link(const char* tag, const char* attr_name, std::string_view raw,
                std::string text = {}) {
    if (trim_space(raw).empty()) return;
    const auto url = resolve_url(base_, raw);
    if (!url) return;
    HtmlLink link{url->to_string(), tag, attr_name, std::move(text)};
    const auto [it, added] =
        seen_links_.try_emplace({link.url, link.tag, link.attr}, doc_.links.size());
    if (added) {
      doc_.links.push_back(std::move(link));
      return;
    }
    // Every text of the URL counts: "Home" and "Reset DB" may both point at it.
    std::string& known = doc_.links[it->second].text;
    if (!link.text.empty() && known.find(link.text) == std::string::npos &&
        known.size() + 3 + link.text.size() <= kMaxLinkText) {
      known += (known.empty() ? "" : " | ") + link.text;
    }
  }

  void add_link_attr(const GumboNode* n, const char* tag, const char* attr_name) {
    if (const char* v = attr(n, attr_name)) add_link(tag, attr_name, v);
  }

  // <a href> and <area href>, with what the reader sees of them.
  void add_anchor(const GumboNode* n, const char* tag) {
    const char* href = attr(n, "href");
    if (href == nullptr) return;
    const char* alt = std::string_view(tag) == "area" ? attr(n, "alt") : nullptr;
    add_link(tag, "href", href,
             alt != nullptr ? cap_utf8(collapse_space(alt), kMaxLinkText) : link_text(n));
  }

  void element(const GumboNode* n) {
    const GumboElement& e = n->v.element;
    if (e.tag_namespace != GUMBO_NAMESPACE_HTML) {
      // SVG links are followed by browsers too (href or xlink:href, both named "href" here).
      if (e.tag == GUMBO_TAG_A && e.tag_namespace == GUMBO_NAMESPACE_SVG) add_anchor(n, "a");
      return;
    }
    switch (e.tag) {
      case GUMBO_TAG_A:
        add_anchor(n, "a");
        break;
      case GUMBO_TAG_AREA:
        add_anchor(n, "area");
        break;
      case GUMBO_TAG_LINK:
        link_element(n);
        break;
      case GUMBO_TAG_IFRAME:
        add_link_attr(n, "iframe", "src");
        break;
      case GUMBO_TAG_FRAME:
        add_link_attr(n, "frame", "src");
        break;
      case GUMBO_TAG_IMG:
        add_link_attr(n, "img", "src");
        srcset(n, "img");
        break;
      case GUMBO_TAG_SOURCE:
        add_link_attr(n, "source", "src");
        srcset(n, "source");
        break;
      case GUMBO_TAG_VIDEO:
        add_link_attr(n, "video", "src");
        add_link_attr(n, "video", "poster");
        break;
      case GUMBO_TAG_AUDIO:
        add_link_attr(n, "audio", "src");
        break;
      case GUMBO_TAG_TRACK:
        add_link_attr(n, "track", "src");
        break;
      case GUMBO_TAG_EMBED:
        add_link_attr(n, "embed", "src");
        break;
      case GUMBO_TAG_OBJECT:
        add_link_attr(n, "object", "data");
        break;
      case GUMBO_TAG_SCRIPT:
        script_element(n);
        break;
      case GUMBO_TAG_META:
        meta_element(n);
        break;
      case GUMBO_TAG_TITLE:
        if (!have_title_) {
          have_title_ = true;
          doc_.title = collapse_space(text_content(n));
        }
        break;
      case GUMBO_TAG_INPUT:
      case GUMBO_TAG_SELECT:
      case GUMBO_TAG_TEXTAREA:
      case GUMBO_TAG_BUTTON:
        control(n);
        break;
      default:
        break;
    }
  }

  void srcset(const GumboNode* n, const char* tag) {
    if (const char* v = attr(n, "srcset")) {
      for (const auto& url : srcset_urls(v)) add_link(tag, "srcset", url);
    }
  }

  void link_element(const GumboNode* n) {
    add_link_attr(n, "link", "href");
    const char* href = attr(n, "href");
    const char* rel = attr(n, "rel");
    if (href == nullptr || rel == nullptr || !has_token(rel, "stylesheet")) return;
    if (trim_space(href).empty()) return;
    if (const auto url = resolve_url(base_, href)) {
      doc_.scripts.push_back({url->to_string(), attr_or(n, "integrity"), "link"});
    }
  }

  void script_element(const GumboNode* n) {
    const char* src = attr(n, "src");
    if (src == nullptr) {
      doc_.scripts.push_back({"", attr_or(n, "integrity"), "script"});
      return;
    }
    // An empty or non-http(s) src loads nothing we could fetch.
    if (trim_space(src).empty()) return;
    const auto url = resolve_url(base_, src);
    if (!url) return;
    add_link("script", "src", src);
    doc_.scripts.push_back({url->to_string(), attr_or(n, "integrity"), "script"});
  }

  void meta_element(const GumboNode* n) {
    const char* http_equiv = attr(n, "http-equiv");
    const char* name = attr(n, "name");
    const std::string content = attr_or(n, "content");
    if (http_equiv != nullptr && *http_equiv != '\0') {
      HtmlMeta meta{to_lower(trim_space(http_equiv)), content, true};
      if (meta.name == "refresh") {
        const std::string url = refresh_url(content);
        if (!url.empty()) add_link("meta-refresh", "content", url);
      }
      doc_.metas.push_back(std::move(meta));
    } else if (name != nullptr && *name != '\0') {
      doc_.metas.push_back({to_lower(trim_space(name)), content, false});
    }
  }

  // ---- forms

  // The form a control belongs to (HTML "reset the form owner"), or -1.
  long form_owner(const GumboNode* n) const {
    if (const char* form_attr = attr(n, "form"); form_attr != nullptr) {
      // With a form= attribute only the element with that id counts, and only if it is a form.
      const auto it = first_by_id_.find(form_attr);
      if (it == first_by_id_.end()) return -1;
      const auto f = form_index_.find(it->second);
      return f == form_index_.end() ? -1 : static_cast<long>(f->second);
    }
    for (const GumboNode* p = n->parent; p != nullptr; p = p->parent) {
      if (is_html(p, GUMBO_TAG_FORM)) {
        const auto f = form_index_.find(p);
        return f == form_index_.end() ? -1 : static_cast<long>(f->second);
      }
    }
    return parser_form_owner(n);
  }

  // The parser associates controls with its "form element pointer", which outlives the form
  // element when that was closed early: "<table><form><tr><td><input>" (the form is emptied
  // into the table) or "<div><form></div><input></form>". gumbo does not expose the pointer,
  // so emulate it: the last form that started before the control, unless a </form> end tag
  // came in between. A "</form" inside a comment or script only makes this more conservative.
  long parser_form_owner(const GumboNode* n) const {
    if (form_starts_.empty()) return -1;
    for (const GumboNode* p = n->parent; p != nullptr; p = p->parent) {
      if (p->type == GUMBO_NODE_TEMPLATE) return -1;
    }
    const std::size_t pos = n->v.element.start_pos.offset;
    auto it = std::lower_bound(form_starts_.begin(), form_starts_.end(),
                               std::make_pair(pos, std::size_t{0}));
    if (it == form_starts_.begin()) return -1;
    --it;
    const auto end = std::upper_bound(form_end_tags_.begin(), form_end_tags_.end(), it->first);
    if (end != form_end_tags_.end() && *end < pos) return -1;
    return static_cast<long>(it->second);
  }

  void control(const GumboNode* n) {
    const long owner = form_owner(n);
    if (owner < 0) return;
    FormInput in;
    in.name = attr_or(n, "name");
    in.autocomplete = attr_or(n, "autocomplete");
    switch (n->v.element.tag) {
      case GUMBO_TAG_INPUT: {
        const std::string type = to_lower(trim_space(attr_or(n, "type")));
        in.type = type.empty() ? "text" : type;
        in.value = attr_or(n, "value");
        break;
      }
      case GUMBO_TAG_SELECT:
        in.type = "select";
        in.value = select_value(n);
        break;
      case GUMBO_TAG_TEXTAREA:
        in.type = "textarea";
        in.value = text_content(n);
        break;
      default: {  // button; kept without a name too: it can be a form's default button
        const std::string type = to_lower(trim_space(attr_or(n, "type")));
        in.type = (type == "button" || type == "reset") ? type : "submit";
        in.value = attr_or(n, "value");
        in.label = cap_utf8(collapse_space(text_content(n)), kMaxLinkText);
        break;
      }
    }
    doc_.forms[static_cast<std::size_t>(owner)].inputs.push_back(std::move(in));
  }

  static std::string option_value(const GumboNode* option) {
    if (const char* v = attr(option, "value")) return v;
    return collapse_space(text_content(option));
  }

  // First selected option, else the first option.
  static std::string select_value(const GumboNode* select) {
    const GumboNode* first = nullptr;
    const GumboNode* selected = nullptr;
    walk(select, [&](const GumboNode* d) {
      if (!is_html(d, GUMBO_TAG_OPTION)) return;
      if (first == nullptr) first = d;
      if (selected == nullptr && attr(d, "selected") != nullptr) selected = d;
    });
    if (selected != nullptr) return option_value(selected);
    return first != nullptr ? option_value(first) : std::string();
  }

  std::string_view source_;
  const Url& document_url_;
  Url base_;
  HtmlDocument& doc_;
  bool have_title_ = false;
  std::unordered_map<std::string, const GumboNode*> first_by_id_;
  std::unordered_map<const GumboNode*, std::size_t> form_index_;
  std::vector<std::pair<std::size_t, std::size_t>> form_starts_;  // (offset, form index)
  std::vector<std::size_t> form_end_tags_;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> seen_links_;
};

// ---------------------------------------------------------------------------------------------
// Character set handling.

// Maps a charset label to a glibc iconv name, following the WHATWG Encoding Standard where it
// differs from the label's literal meaning (e.g. ISO-8859-1 and ASCII decode as windows-1252).
// Empty means decode as UTF-8; nullopt means no usable label.
std::optional<std::string> iconv_name(std::string_view raw) {
  std::string label = to_lower(trim_space(raw));
  while (!label.empty() && (label.front() == '"' || label.front() == '\'')) label.erase(0, 1);
  while (!label.empty() && (label.back() == '"' || label.back() == '\'')) label.pop_back();
  if (label.empty() || label.size() > 40) return std::nullopt;
  // Anything else (notably "/") could smuggle iconv suffixes like //TRANSLIT in.
  for (const char c : label) {
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_' && c != '.' && c != ':') {
      return std::nullopt;
    }
  }
  if (in_list(label, {"utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8",
                      "x-unicode20utf8"})) {
    return "";
  }
  if (in_list(label, {"us-ascii", "ascii", "ansi_x3.4-1968", "iso-8859-1", "iso8859-1", "iso88591",
                      "iso_8859-1", "iso_8859-1:1987", "latin1", "l1", "cp819", "ibm819",
                      "iso-ir-100", "csisolatin1", "windows-1252", "cp1252", "x-cp1252"})) {
    return "WINDOWS-1252";
  }
  if (in_list(label, {"iso-8859-9", "iso8859-9", "iso_8859-9", "latin5", "l5"})) {
    return "WINDOWS-1254";
  }
  if (in_list(label, {"iso-8859-11", "tis-620"})) return "WINDOWS-874";
  if (in_list(label, {"utf-16", "utf-16le"})) return "UTF-16LE";
  if (label == "utf-16be") return "UTF-16BE";
  if (in_list(label, {"shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis",
                      "windows-31j", "ms932"})) {
    return "CP932";
  }
  if (in_list(label, {"gb2312", "gbk", "gb18030", "chinese", "csgb2312", "x-gbk", "cp936",
                      "gb_2312-80", "iso-ir-58"})) {
    return "GB18030";
  }
  if (in_list(label, {"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"})) return "BIG5-HKSCS";
  if (in_list(label, {"euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "korean",
                      "windows-949", "cp949", "csksc56011987"})) {
    return "CP949";
  }
  // ISO-2022-KR/CN and HZ map to the "replacement" encoding in browsers (they enable XSS
  // tricks); x-user-defined is browser-specific. Decode those as UTF-8.
  if (in_list(label, {"iso-2022-kr", "csiso2022kr", "iso-2022-cn", "iso-2022-cn-ext", "hz-gb-2312",
                      "x-user-defined", "replacement"})) {
    return "";
  }
  std::string upper = label;
  for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return upper;
}

struct IconvCloser {
  iconv_t cd;
  ~IconvCloser() { iconv_close(cd); }
};

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Converts with iconv; invalid input becomes U+FFFD, never an error. nullopt when iconv does
// not know the encoding.
std::optional<std::string> iconv_to_utf8(std::string_view body, const std::string& from) {
  const iconv_t cd = iconv_open("UTF-8", from.c_str());
  // NOLINTNEXTLINE(performance-no-int-to-ptr): iconv_open reports failure as (iconv_t)-1.
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  IconvCloser closer{cd};
  const std::size_t unit = from.starts_with("UTF-16") ? 2 : 1;
  std::string out;
  out.reserve(body.size() + body.size() / 2);
  char* in = const_cast<char*>(body.data());  // iconv's API is not const-correct
  std::size_t in_left = body.size();
  char buf[16384];
  while (in_left > 0) {
    char* o = buf;
    std::size_t o_left = sizeof buf;
    const std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    const int err = errno;
    out.append(buf, static_cast<std::size_t>(o - buf));
    if (r != static_cast<std::size_t>(-1) || err == E2BIG) continue;
    out += kReplacement;
    if (err == EINVAL) break;  // truncated sequence at the end of the input
    const std::size_t skip = std::min(unit, in_left);
    in += skip;
    in_left -= skip;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset any shift state
  }
  char* o = buf;
  std::size_t o_left = sizeof buf;
  iconv(cd, nullptr, nullptr, &o, &o_left);  // flush
  out.append(buf, static_cast<std::size_t>(o - buf));
  return out;
}

// Reads one attribute of a tag in the charset prescan. Returns false at the end of the tag.
bool prescan_attribute(std::string_view s, std::size_t& i, std::string& name, std::string& value) {
  while (i < s.size() && (is_html_space(s[i]) || s[i] == '/')) ++i;
  if (i >= s.size() || s[i] == '>') return false;
  name.clear();
  value.clear();
  while (i < s.size() && !is_html_space(s[i]) && s[i] != '=' && s[i] != '>' &&
         !(s[i] == '/' && !name.empty())) {
    name += ascii_lower(s[i++]);
  }
  while (i < s.size() && is_html_space(s[i])) ++i;
  if (i >= s.size() || s[i] != '=') return true;
  ++i;
  while (i < s.size() && is_html_space(s[i])) ++i;
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
    const char q = s[i++];
    while (i < s.size() && s[i] != q) value += s[i++];
    if (i < s.size()) ++i;
  } else {
    while (i < s.size() && !is_html_space(s[i]) && s[i] != '>') value += s[i++];
  }
  return true;
}

// "text/html; charset=x" → "x".
std::string charset_from_content(std::string_view content) {
  std::size_t i = ifind(content, "charset");
  while (i != std::string_view::npos) {
    std::size_t j = i + 7;
    while (j < content.size() && is_html_space(content[j])) ++j;
    if (j < content.size() && content[j] == '=') {
      ++j;
      while (j < content.size() && is_html_space(content[j])) ++j;
      char quote = 0;
      if (j < content.size() && (content[j] == '"' || content[j] == '\'')) quote = content[j++];
      std::size_t k = j;
      while (k < content.size() && content[k] != quote && content[k] != ';' &&
             (quote != 0 || !is_html_space(content[k]))) {
        ++k;
      }
      return std::string(content.substr(j, k - j));
    }
    i = ifind(content, "charset", i + 7);
  }
  return {};
}

// A simplified HTML "prescan a byte stream to determine its encoding" over the first 1024
// bytes: <meta charset> or <meta http-equiv=content-type content="...; charset=...">.
std::string sniff_meta_charset(std::string_view s) {
  std::size_t i = 0;
  while ((i = s.find('<', i)) != std::string_view::npos) {
    if (s.substr(i).starts_with("<!--")) {
      const auto end = s.find("-->", i + 4);
      if (end == std::string_view::npos) return {};
      i = end + 3;
      continue;
    }
    if (istarts(s.substr(i), "<meta") && i + 5 < s.size() &&
        (is_html_space(s[i + 5]) || s[i + 5] == '/')) {
      i += 5;
      std::string name, value, charset, content;
      bool content_type = false;
      while (prescan_attribute(s, i, name, value)) {
        if (name == "charset" && charset.empty()) charset = value;
        if (name == "http-equiv" && to_lower(trim_space(value)) == "content-type") {
          content_type = true;
        }
        if (name == "content" && content.empty()) content = value;
      }
      if (charset.empty() && content_type) charset = charset_from_content(content);
      if (!trim_space(charset).empty()) return charset;
      continue;
    }
    // Skip other tags, respecting quoted attribute values.
    ++i;
    if (i < s.size() && (is_alpha(s[i]) || s[i] == '/' || s[i] == '!' || s[i] == '?')) {
      std::string name, value;
      while (i < s.size() && !is_html_space(s[i]) && s[i] != '>') ++i;
      while (prescan_attribute(s, i, name, value)) {
      }
    }
  }
  return {};
}

}  // namespace

bool HtmlForm::has_password() const {
  return std::any_of(inputs.begin(), inputs.end(),
                     [](const FormInput& in) { return in.type == "password"; });
}

std::string html_to_utf8(std::string_view body, std::string_view content_type_charset) {
  // A byte order mark overrides every declaration.
  if (body.starts_with("\xEF\xBB\xBF")) return to_valid_utf8(body.substr(3));
  if (body.starts_with("\xFF\xFE")) {
    if (auto s = iconv_to_utf8(body.substr(2), "UTF-16LE")) return *s;
  }
  if (body.starts_with("\xFE\xFF")) {
    if (auto s = iconv_to_utf8(body.substr(2), "UTF-16BE")) return *s;
  }
  std::optional<std::string> encoding = iconv_name(content_type_charset);
  if (!encoding) {
    encoding = iconv_name(sniff_meta_charset(body.substr(0, 1024)));
    // A document that could be read as ASCII to find its <meta> is not UTF-16.
    if (encoding && encoding->starts_with("UTF-16")) encoding = "";
  }
  if (encoding && !encoding->empty()) {
    if (auto s = iconv_to_utf8(body, *encoding)) return *s;
  }
  return to_valid_utf8(body);
}

HtmlDocument parse_html(std::string_view utf8_html, const Url& document_url,
                        std::size_t max_bytes) {
  HtmlDocument doc;
  doc.base_url = document_url.to_string();
  std::string_view input = utf8_html;
  if (input.size() > max_bytes) {
    std::size_t cut = max_bytes;
    // Back off to a character boundary so the last character is not mangled.
    for (int k = 0; k < 3 && cut > 0 && (static_cast<unsigned char>(input[cut]) & 0xC0) == 0x80;
         ++k) {
      --cut;
    }
    input = input.substr(0, cut);
    doc.truncated = true;
  }
  if (const std::size_t excess = NestingEstimator().find_excess(input);
      excess != std::string_view::npos) {
    input = input.substr(0, excess);
    doc.truncated = true;
  }

  // Parse errors are of no use to us, and recording them costs memory and time on bad markup.
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  std::unique_ptr<GumboOutput, GumboOutputDeleter> output(
      gumbo_parse_with_options(&options, input.data(), input.size()));
  if (!output) return doc;
  Extractor(input, document_url, doc).run(output->document);
  return doc;
}

}  // namespace gapscan
