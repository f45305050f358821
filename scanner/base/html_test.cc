#include "scanner/base/html.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iterator>
#include <string>

using namespace gapscan;

namespace {

const Url& page() {
  static const Url url = *parse_url("http://site.test/dir/page.html?x=1");
  return url;
}

HtmlDocument parse(std::string_view html) { return parse_html(html, page()); }

bool has_link(const HtmlDocument& d, std::string_view url, std::string_view tag = {},
              std::string_view attr = {}) {
  return std::any_of(d.links.begin(), d.links.end(), [&](const HtmlLink& l) {
    return l.url == url && (tag.empty() || l.tag == tag) && (attr.empty() || l.attr == attr);
  });
}

bool any_link_contains(const HtmlDocument& d, std::string_view needle) {
  return std::any_of(d.links.begin(), d.links.end(),
                     [&](const HtmlLink& l) { return l.url.find(needle) != std::string::npos; });
}

const FormInput* input(const HtmlForm& f, std::string_view name) {
  for (const auto& in : f.inputs) {
    if (in.name == name) return &in;
  }
  return nullptr;
}

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("html: links from the usual attributes, resolved and normalized") {
  const auto d = parse(R"html(
    <a href="a.html">a</a><area href="/area">
    <link rel=icon href="/favicon.ico">
    <iframe src="frame.html"></iframe>
    <img src="img.png"><script src="//cdn.test/x.js"></script>
    <video src="v.mp4" poster="p.jpg"><source src="s.webm"><track src="t.vtt"></video>
    <audio src="a.mp3"></audio><embed src="e.swf"><object data="o.swf"></object>
    <a href="HTTP://Other.TEST:80/%7ex#frag">other</a>)html");
  CHECK(has_link(d, "http://site.test/dir/a.html", "a", "href"));
  CHECK(has_link(d, "http://site.test/area", "area", "href"));
  CHECK(has_link(d, "http://site.test/favicon.ico", "link", "href"));
  CHECK(has_link(d, "http://site.test/dir/frame.html", "iframe", "src"));
  CHECK(has_link(d, "http://site.test/dir/img.png", "img", "src"));
  CHECK(has_link(d, "http://cdn.test/x.js", "script", "src"));
  CHECK(has_link(d, "http://site.test/dir/v.mp4", "video", "src"));
  CHECK(has_link(d, "http://site.test/dir/s.webm", "source", "src"));
  CHECK(has_link(d, "http://site.test/dir/a.mp3", "audio", "src"));
  CHECK(has_link(d, "http://site.test/dir/e.swf", "embed", "src"));
  CHECK(has_link(d, "http://site.test/dir/o.swf", "object", "data"));
  CHECK(has_link(d, "http://other.test/~x", "a", "href"));
  CHECK(d.base_url == "http://site.test/dir/page.html?x=1");
  CHECK_FALSE(d.truncated);

  // <frame> only exists inside a frameset (the parser drops it from a body).
  const auto frames = parse(R"html(<frameset><frame src="/f1"><frame src="f2"></frameset>)html");
  CHECK(has_link(frames, "http://site.test/f1", "frame", "src"));
  CHECK(has_link(frames, "http://site.test/dir/f2", "frame", "src"));
}

TEST_CASE("html: links are deduplicated per url, tag and attribute") {
  const auto d = parse(R"html(<a href="/x">1</a><a href="/x#y">2</a><a href=" /x ">3</a>
                          <area href="/x"><img src="/x">)html");
  CHECK(d.links.size() == 3);
  CHECK(has_link(d, "http://site.test/x", "a", "href"));
  CHECK(has_link(d, "http://site.test/x", "area", "href"));
  CHECK(has_link(d, "http://site.test/x", "img", "src"));
}

TEST_CASE("html: non-http links and empty values are ignored") {
  const auto d = parse(R"html(
    <a href="javascript:alert(1)">x</a><a href=" JavaScript:void(0)">x</a>
    <a href="java&#x0A;script:alert(1)">x</a><a href="mailto:a@site.test">m</a>
    <a href="tel:123">t</a><img src="data:image/png;base64,AAAA"><a href="ftp://site.test/">f</a>
    <a href="">empty</a><img src=""><a>no href</a>)html");
  CHECK(d.links.empty());
}

TEST_CASE("html: URLs in text, scripts, comments and raw-text elements are not links") {
  const auto d = parse(R"html(
    <p>Visit http://site.test/in-text today</p>
    <script>var u = "<a href='/in-script'>"; location = "/in-script2";</script>
    <script type="text/template"><a href="/in-template-script">x</a></script>
    <style>body { background: url(/in-style.png) } /* <a href="/in-css"> */</style>
    <!-- <a href="/in-comment">x</a> -->
    <textarea><a href="/in-textarea">x</a></textarea>
    <title><a href="/in-title"></title>
    <xmp><a href="/in-xmp"></xmp>
    <a href="/real">real</a>
    <plaintext><a href="/in-plaintext">x</a>)html");
  CHECK(d.links.size() == 1);
  CHECK(has_link(d, "http://site.test/real", "a"));
  CHECK_FALSE(any_link_contains(d, "in-"));
}

TEST_CASE("html: entities in attributes are decoded") {
  const auto d =
      parse(R"html(<a href="/s?a=1&amp;b=2&lt;&#x41;&#66;">x</a><a href="/t?c=1&d=2">y</a>)html");
  CHECK(has_link(d, "http://site.test/s?a=1&b=2%3CAB", "a"));
  CHECK(has_link(d, "http://site.test/t?c=1&d=2", "a"));
}

TEST_CASE("html: unclosed and broken markup still yields links") {
  const auto d = parse("<div><a href=/one>one<p><a href='/two'>two<li><a href=\"/three\"");
  CHECK(has_link(d, "http://site.test/one"));
  CHECK(has_link(d, "http://site.test/two"));
  // The last tag never ends, so a browser would not create it either.
  CHECK_FALSE(has_link(d, "http://site.test/three"));

  const auto d2 = parse("<a href=/a<b>x</a><img src=/i.png alt='unterminated>");
  CHECK(has_link(d2, "http://site.test/a%3Cb", "a"));
}

TEST_CASE("html: srcset candidates with descriptors") {
  const auto d = parse(R"html(
    <img src="small.jpg" srcset="  a.jpg 1x, /b.jpg 2x,c.jpg 100w,
      d,e.jpg 3x, f(1).jpg (x), http://cdn.test/g.jpg">
    <picture><source srcset="h.webp 1x,i.webp"></picture>)html");
  for (const char* u :
       {"http://site.test/dir/a.jpg", "http://site.test/b.jpg", "http://site.test/dir/c.jpg",
        "http://site.test/dir/d,e.jpg", "http://site.test/dir/f(1).jpg", "http://cdn.test/g.jpg"}) {
    CAPTURE(u);
    CHECK(has_link(d, u, "img", "srcset"));
  }
  CHECK(has_link(d, "http://site.test/dir/small.jpg", "img", "src"));
  CHECK(has_link(d, "http://site.test/dir/h.webp", "source", "srcset"));
  CHECK(has_link(d, "http://site.test/dir/i.webp", "source", "srcset"));
}

TEST_CASE("html: meta refresh variants") {
  const auto d = parse(R"html(
    <meta http-equiv="refresh" content="0;URL='/r1'">
    <meta http-equiv="Refresh" content="5; url=r2">
    <meta http-equiv="REFRESH" content='3;url="/r3?a=1;b=2" trailing'>
    <meta http-equiv="refresh" content="1, /r4">
    <meta http-equiv="refresh" content=" 2 ; URL = r5 ">
    <meta http-equiv="refresh" content="0.5;url=/r6">
    <meta http-equiv="refresh" content="7 url=/r7">
    <meta http-equiv="refresh" content="10">
    <meta http-equiv="refresh" content="x;url=/bad1">
    <meta http-equiv="refresh" content="0;url=javascript:alert(1)">)html");
  CHECK(has_link(d, "http://site.test/r1", "meta-refresh", "content"));
  CHECK(has_link(d, "http://site.test/dir/r2", "meta-refresh"));
  CHECK(has_link(d, "http://site.test/r3?a=1;b=2", "meta-refresh"));
  CHECK(has_link(d, "http://site.test/r4", "meta-refresh"));
  CHECK(has_link(d, "http://site.test/dir/r5", "meta-refresh"));
  CHECK(has_link(d, "http://site.test/r6", "meta-refresh"));
  CHECK(has_link(d, "http://site.test/r7", "meta-refresh"));
  CHECK_FALSE(any_link_contains(d, "bad"));
  CHECK(d.links.size() == 7);
  // They are metas too.
  CHECK(std::count_if(d.metas.begin(), d.metas.end(),
                      [](const HtmlMeta& m) { return m.name == "refresh" && m.http_equiv; }) == 10);
}

TEST_CASE("html: the first base href applies to the whole document") {
  const auto d = parse(R"html(<a href="early">e</a>
    <base href="http://cdn.test/base/"><base href="http://second.test/">
    <a href="x/y">x</a><img src="/abs.png"><form action="post.php"></form>
    <form></form>)html");
  CHECK(d.base_url == "http://cdn.test/base/");
  CHECK(has_link(d, "http://cdn.test/base/early"));
  CHECK(has_link(d, "http://cdn.test/base/x/y"));
  CHECK(has_link(d, "http://cdn.test/abs.png"));
  CHECK_FALSE(any_link_contains(d, "second.test"));
  REQUIRE(d.forms.size() == 2);
  CHECK(d.forms[0].action == "http://cdn.test/base/post.php");
  // An absent action means the document's own URL, not the base.
  CHECK(d.forms[1].action == "http://site.test/dir/page.html?x=1");

  // Relative base, and a base without href not counting as the first one.
  const auto d2 = parse(R"html(<base target=_blank><base href="../other/"><a href=z>z</a>)html");
  CHECK(d2.base_url == "http://site.test/other/");
  CHECK(has_link(d2, "http://site.test/other/z"));

  // A javascript: base is unusable; the document URL stays the base.
  const auto d3 = parse(R"html(<base href="javascript:alert(1)"><a href=z>z</a>)html");
  CHECK(d3.base_url == "http://site.test/dir/page.html?x=1");
  CHECK(has_link(d3, "http://site.test/dir/z"));
}

TEST_CASE("html: forms with their attributes and controls") {
  const auto d = parse(R"html(
    <form id="login" action="/login" method="post" enctype="MULTIPART/form-data">
      <input name="user" value="bob" autocomplete="username">
      <input type="PASSWORD" name="pass" autocomplete="current-password">
      <input type="hidden" name="csrf" value="t&amp;k">
      <input type="checkbox" name="remember" value="1">
      <input type="submit" value="Log in">
      <select name="lang"><option value="en">English<option value="fr" selected>French</select>
      <select name="size"><optgroup label=g><option>  Small  one </option></optgroup>
        <option>Large</select>
      <select name="empty"></select>
      <textarea name="bio">Hello &amp; welcome</textarea>
      <button name="action" value="go">Go</button>
      <button>unnamed</button>
      <button name="r" type="RESET">r</button>
    </form>
    <form action="/search"><input name="q"></form>
    <form method="PUT" action="/put"></form>
    <form method="dialog"></form>
    <form action="javascript:void(0)"><input type="password" name="p"></form>)html");
  REQUIRE(d.forms.size() == 5);
  const HtmlForm& f = d.forms[0];
  CHECK(f.id == "login");
  CHECK(f.action == "http://site.test/login");
  CHECK(f.method == "POST");
  CHECK(f.enctype == "multipart/form-data");
  CHECK(f.has_password());
  REQUIRE(input(f, "user") != nullptr);
  CHECK(input(f, "user")->type == "text");
  CHECK(input(f, "user")->value == "bob");
  CHECK(input(f, "user")->autocomplete == "username");
  CHECK(input(f, "pass")->type == "password");
  CHECK(input(f, "pass")->autocomplete == "current-password");
  CHECK(input(f, "csrf")->type == "hidden");
  CHECK(input(f, "csrf")->value == "t&k");
  CHECK(input(f, "remember")->type == "checkbox");
  CHECK(input(f, "lang")->type == "select");
  CHECK(input(f, "lang")->value == "fr");
  CHECK(input(f, "size")->value == "Small one");
  CHECK(input(f, "empty")->value.empty());
  CHECK(input(f, "bio")->type == "textarea");
  CHECK(input(f, "bio")->value == "Hello & welcome");
  CHECK(input(f, "action")->type == "submit");
  CHECK(input(f, "action")->value == "go");
  CHECK(input(f, "r")->type == "reset");
  // Unnamed submit controls are kept: one may be the form's default button (a login submits
  // it, and it sends nothing then).
  CHECK(std::count_if(f.inputs.begin(), f.inputs.end(),
                      [](const FormInput& in) { return in.name.empty(); }) == 2);
  CHECK(f.inputs.size() == 12);

  CHECK(d.forms[1].method == "GET");
  CHECK(d.forms[1].enctype == "application/x-www-form-urlencoded");
  CHECK_FALSE(d.forms[1].has_password());
  CHECK(d.forms[2].method == "GET");  // only GET and POST exist for HTML forms
  CHECK(d.forms[3].method == "GET");
  // Not submittable, but still reported for passive checks.
  CHECK(d.forms[4].action.empty());
  CHECK(d.forms[4].has_password());
  // Forms are not duplicated as links.
  CHECK_FALSE(has_link(d, "http://site.test/login"));
  CHECK_FALSE(has_link(d, "http://site.test/search"));
}

TEST_CASE("html: form= owner attributes") {
  const auto d = parse(R"html(
    <input name="before" form="f2">
    <form id="f1" action="/one">
      <input name="own">
      <input name="elsewhere" form="f2">
      <input name="nowhere" form="missing">
      <input name="not-a-form" form="div1">
    </form>
    <div id="div1"></div>
    <form id="f2" action="/two"><input name="inner"></form>
    <input name="after" form="f1"><textarea name="t" form="f2"></textarea>
    <input name="orphan">)html");
  REQUIRE(d.forms.size() == 2);
  const auto names = [](const HtmlForm& f) {
    std::string s;
    for (const auto& in : f.inputs) s += in.name + ",";
    return s;
  };
  CHECK(names(d.forms[0]) == "own,after,");
  CHECK(names(d.forms[1]) == "before,elsewhere,inner,t,");
}

TEST_CASE("html: nested forms keep the outer form only") {
  const auto d = parse(R"html(<form id="a" action="/a"><input name="x">
      <form id="b" action="/b"><input name="y"></form>
      <input name="z"></form>)html");
  // The inner <form> tag is dropped; its </form> closes the outer one, so z has no form.
  REQUIRE(d.forms.size() == 1);
  CHECK(d.forms[0].id == "a");
  REQUIRE(d.forms[0].inputs.size() == 2);
  CHECK(d.forms[0].inputs[0].name == "x");
  CHECK(d.forms[0].inputs[1].name == "y");
}

TEST_CASE("html: controls of a form closed early by the parser (tables, misnesting)") {
  // The form is foster-parented out of the table and emptied, but the parser still
  // associates the controls with it, as browsers do.
  const auto d = parse(R"html(<table><form action="/t" method="post"><tr><td>
      <input name="a"><input type="password" name="p"></td></tr></form></table>
      <input name="outside">)html");
  REQUIRE(d.forms.size() == 1);
  CHECK(d.forms[0].action == "http://site.test/t");
  REQUIRE(d.forms[0].inputs.size() == 2);
  CHECK(d.forms[0].inputs[0].name == "a");
  CHECK(d.forms[0].has_password());

  const auto d2 =
      parse(R"html(<div><form action="/g"></div><input name="x"></form><input name="y">)html");
  REQUIRE(d2.forms.size() == 1);
  REQUIRE(d2.forms[0].inputs.size() == 1);
  CHECK(d2.forms[0].inputs[0].name == "x");

  // Foster-parented content in tables is still seen.
  const auto d3 = parse(R"html(<table><a href="/fostered">x</a><tr><td>c</td></tr></table>)html");
  CHECK(has_link(d3, "http://site.test/fostered", "a"));
}

TEST_CASE("html: metas, scripts, stylesheets and title") {
  const auto d = parse(R"html(<html><head>
    <title>  My
      Page &amp; more </title>
    <meta charset="utf-8">
    <meta name="Description" content="A page">
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'">
    <meta name="generator" content="">
    <link rel="Stylesheet" href="/s.css" integrity="sha384-abc">
    <link rel="alternate stylesheet" href="/alt.css">
    <link rel="preload" href="/font.woff2">
    <script src="/app.js" integrity="sha256-xyz" crossorigin></script>
    <script>var inline = 1;</script>
    <script src="data:text/javascript,1"></script>
    <script src=""></script>
    </head><body><svg><title>svg title</title></svg><title>second</title></body></html>)html");
  CHECK(d.title == "My Page & more");
  REQUIRE(d.metas.size() == 3);
  CHECK(d.metas[0].name == "description");
  CHECK(d.metas[0].content == "A page");
  CHECK_FALSE(d.metas[0].http_equiv);
  CHECK(d.metas[1].name == "content-security-policy");
  CHECK(d.metas[1].content == "default-src 'self'");
  CHECK(d.metas[1].http_equiv);
  CHECK(d.metas[2].name == "generator");
  CHECK(d.metas[2].content.empty());

  REQUIRE(d.scripts.size() == 4);
  CHECK(d.scripts[0].tag == "link");
  CHECK(d.scripts[0].src == "http://site.test/s.css");
  CHECK(d.scripts[0].integrity == "sha384-abc");
  CHECK(d.scripts[1].tag == "link");
  CHECK(d.scripts[1].src == "http://site.test/alt.css");
  CHECK(d.scripts[1].integrity.empty());
  CHECK(d.scripts[2].tag == "script");
  CHECK(d.scripts[2].src == "http://site.test/app.js");
  CHECK(d.scripts[2].integrity == "sha256-xyz");
  CHECK(d.scripts[3].tag == "script");
  CHECK(d.scripts[3].src.empty());
  CHECK(has_link(d, "http://site.test/font.woff2", "link", "href"));
  CHECK(has_link(d, "http://site.test/app.js", "script", "src"));
}

TEST_CASE("html: SVG links are followed") {
  const auto d = parse(R"html(<svg><a href="/svg1"><text>x</text></a>
      <a xlink:href="/svg2"><text>y</text></a></svg>)html");
  CHECK(has_link(d, "http://site.test/svg1", "a"));
  CHECK(has_link(d, "http://site.test/svg2", "a"));
}

const HtmlLink* link_to(const HtmlDocument& d, std::string_view url) {
  for (const auto& l : d.links) {
    if (l.url == url) return &l;
  }
  return nullptr;
}

TEST_CASE("html: a link carries what the reader sees of it") {
  const auto d = parse(R"html(
    <a href="/setup.php">  Reset
       <b>DB</b> </a>
    <a href="?do=logout" title="Log out"><i class="icon-exit"></i></a>
    <a href="/bye" aria-label="Sign out" title="t"></a>
    <a href="/trash"><img src="/bin.png" alt="Delete"></a>
    <map><area href="/drop" alt=" Drop  table "></map>
    <svg><a href="/svg"><text>Toggle</text></a></svg>
    <img src="/plain.png">)html");
  REQUIRE(link_to(d, "http://site.test/setup.php"));
  CHECK(link_to(d, "http://site.test/setup.php")->text == "Reset DB");
  CHECK(link_to(d, "http://site.test/dir/page.html?do=logout")->text == "Log out");
  CHECK(link_to(d, "http://site.test/bye")->text == "Sign out");
  CHECK(link_to(d, "http://site.test/trash")->text == "Delete");
  CHECK(link_to(d, "http://site.test/drop")->text == "Drop table");
  CHECK(link_to(d, "http://site.test/svg")->text == "Toggle");
  CHECK(link_to(d, "http://site.test/plain.png")->text.empty());
}

TEST_CASE("html: every text of a URL is kept, capped at a character boundary") {
  const auto d =
      parse(R"html(<a href="/x">Home</a><a href="/x">Reset</a><a href="/x">Home</a>)html");
  REQUIRE(d.links.size() == 1);
  CHECK(d.links[0].text == "Home | Reset");

  const auto long_text = parse("<a href=/long>" + repeat("\xC3\xA9", 300) + "</a>");
  REQUIRE(long_text.links.size() == 1);
  CHECK(long_text.links[0].text.size() == kMaxLinkText);
  CHECK(long_text.links[0].text == repeat("\xC3\xA9", kMaxLinkText / 2));
}

TEST_CASE("html: a button keeps its text as its label") {
  const auto d = parse(R"html(<form><button name=go value=1> Reset <b>DB</b></button>
      <input type=submit value="Delete"></form>)html");
  REQUIRE(d.forms.size() == 1);
  REQUIRE(d.forms[0].inputs.size() == 2);
  CHECK(d.forms[0].inputs[0].label == "Reset DB");
  CHECK(d.forms[0].inputs[0].value == "1");
  CHECK(d.forms[0].inputs[1].label.empty());
}

TEST_CASE("html: link texts of deeply nested links stay cheap") {
  // Each SVG <a> holds all the later ones; reading every text in full would be quadratic.
  const std::string html = "<svg>" + repeat("<a href=/n>x", 900) + "</svg>";
  const auto start = std::chrono::steady_clock::now();
  const auto d = parse(html);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  REQUIRE(d.links.size() == 1);
  CHECK(d.links[0].text.size() <= kMaxLinkText);
}

TEST_CASE("html: input is cut at max_bytes") {
  const std::string html = "<a href=/first>1</a>" + std::string(100, ' ') + "<a href=/second>2</a>";
  const auto d = parse_html(html, page(), 60);
  CHECK(d.truncated);
  CHECK(has_link(d, "http://site.test/first"));
  CHECK_FALSE(has_link(d, "http://site.test/second"));

  const auto whole = parse_html(html, page(), html.size());
  CHECK_FALSE(whole.truncated);
  CHECK(has_link(whole, "http://site.test/second"));

  // The cut backs off to a character boundary: no U+FFFD from a split "é".
  const auto t = parse_html("<title>caf\xC3\xA9\xC3\xA9", page(), 13);
  CHECK(t.truncated);
  CHECK(t.title == "caf\xC3\xA9");
}

TEST_CASE("html: invalid UTF-8 and NUL bytes survive") {
  const std::string html = std::string("<title>a\xFF\xFE b\0c</title><a href=\"/x\xC3\">y</a>", 38);
  const auto d = parse(html);
  CHECK(d.title.find('a') == 0);
  REQUIRE(d.links.size() == 1);
  CHECK(d.links[0].url.starts_with("http://site.test/x"));
  CHECK(parse(std::string_view()).links.empty());
  CHECK(parse("\xFF\xFF\xFF").links.empty());
}

TEST_CASE("html: hostile nesting is cut short instead of stalling the parser") {
  // gumbo is super-linear in the depth of open elements; these would take minutes or
  // exhaust memory without the nesting guard.
  for (const char* unit : {"<div>", "<b><i><u></b>", "<span><div></span>", "<b><div></b>", "<div/>",
                           "<ul><li>", "<tr><td><div>", "<svg><g>"}) {
    CAPTURE(unit);
    const std::string html = "<a href=/early>e</a>" + repeat(unit, 100000);
    const auto start = std::chrono::steady_clock::now();
    const auto d = parse(html);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(d.truncated);
    CHECK(has_link(d, "http://site.test/early"));
    CHECK(elapsed < std::chrono::seconds(10));
  }
}

TEST_CASE("html: sloppy but ordinary markup is not cut") {
  std::string table = "<table>";
  std::string list = "<ul>";
  std::string paras;
  std::string select = "<form><select name=s>";
  for (int i = 0; i < 3000; ++i) {
    const std::string n = std::to_string(i);
    table += "<tr><td><font color=red>" + n + "<td><b>x<a href=/r" + n + ">l</a>";
    list += "<li><a href=/l" + n + ">x</a><p>para";
    paras += "<p><font face=a>text<b>bold<p>more";
    select += "<option value=" + n + ">" + n;
  }
  const std::string tables =
      repeat("<table><tr><td><font>x<table><tr><td><b>y</table><td>z</table><i>w</i>", 3000);
  for (const std::string& html : {table, list, paras, select, tables}) {
    const auto d = parse(html);
    CHECK_FALSE(d.truncated);
  }
  CHECK(parse(table).links.size() == 3000);
}

TEST_CASE("html_to_utf8: declared charsets") {
  CHECK(html_to_utf8("caf\xE9", "ISO-8859-1") == "caf\xC3\xA9");
  CHECK(html_to_utf8("caf\xE9", "windows-1252") == "caf\xC3\xA9");
  CHECK(html_to_utf8("caf\xE9", " \"latin1\" ") == "caf\xC3\xA9");
  // ISO-8859-1 is decoded as windows-1252, like browsers do: 0x80 is the euro sign.
  CHECK(html_to_utf8("\x80", "iso-8859-1") == "\xE2\x82\xAC");
  CHECK(html_to_utf8("caf\xC3\xA9", "utf-8") == "caf\xC3\xA9");
  CHECK(html_to_utf8("caf\xC3\xA9", "UTF8") == "caf\xC3\xA9");
  CHECK(html_to_utf8("\x82\xA0", "shift_jis") == "\xE3\x81\x82");         // あ
  CHECK(html_to_utf8("\xC4\xE3", "gb2312") == "\xE4\xBD\xA0");            // 你
  CHECK(html_to_utf8("\xCF\xF0", "windows-1251") == "\xD0\x9F\xD1\x80");  // Пр
}

TEST_CASE("html_to_utf8: charset sniffed from meta in the first 1024 bytes") {
  CHECK(html_to_utf8("<meta charset=windows-1252>caf\xE9", "") ==
        "<meta charset=windows-1252>caf\xC3\xA9");
  CHECK(html_to_utf8("<META CHARSET='ISO-8859-1'>\xE9", "") ==
        "<META CHARSET='ISO-8859-1'>\xC3\xA9");
  const std::string http_equiv =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">";
  CHECK(html_to_utf8(http_equiv + "\xE9", "") == http_equiv + "\xC3\xA9");
  // Content-Type wins over the meta.
  CHECK(html_to_utf8("<meta charset=iso-8859-1>\xC3\xA9", "utf-8") ==
        "<meta charset=iso-8859-1>\xC3\xA9");
  // Metas in comments or past 1024 bytes do not count; invalid bytes become U+FFFD.
  CHECK(html_to_utf8("<!-- <meta charset=latin1> -->\xE9", "") ==
        "<!-- <meta charset=latin1> -->\xEF\xBF\xBD");
  const std::string late = std::string(1100, ' ') + "<meta charset=latin1>\xE9";
  CHECK(html_to_utf8(late, "").ends_with("\xEF\xBF\xBD"));
  // A meta claiming UTF-16 is read as UTF-8.
  CHECK(html_to_utf8("<meta charset=utf-16>caf\xC3\xA9", "") == "<meta charset=utf-16>caf\xC3\xA9");
}

TEST_CASE("html_to_utf8: byte order marks") {
  CHECK(html_to_utf8("\xEF\xBB\xBFok", "iso-8859-1") == "ok");
  CHECK(html_to_utf8(std::string("\xFF\xFE"
                                 "a\0\xE9\0",
                                 6),
                     "") == "a\xC3\xA9");
  CHECK(html_to_utf8(std::string("\xFE\xFF\0a\0\xE9", 6), "") == "a\xC3\xA9");
}

TEST_CASE("html_to_utf8: never fails on bad input") {
  // Invalid UTF-8 is repaired.
  CHECK(html_to_utf8("caf\xE9", "") == "caf\xEF\xBF\xBD");
  CHECK(html_to_utf8("a\xC3(b", "utf-8") == "a\xEF\xBF\xBD(b");
  // Unknown or suspicious labels fall back to UTF-8.
  CHECK(html_to_utf8("caf\xE9", "no-such-charset") == "caf\xEF\xBF\xBD");
  CHECK(html_to_utf8("caf\xE9", "latin1//TRANSLIT") == "caf\xEF\xBF\xBD");
  CHECK(html_to_utf8("caf\xE9", "iso-2022-kr") == "caf\xEF\xBF\xBD");
  // Invalid sequences in the declared charset become U+FFFD and conversion goes on.
  CHECK(html_to_utf8("a\x81z", "windows-1252") == "a\xEF\xBF\xBDz");
  CHECK(html_to_utf8("abc\x82", "shift_jis") == "abc\xEF\xBF\xBD");
  CHECK(html_to_utf8("\x82\xA0\xFF\x82\xA0", "shift_jis") ==
        "\xE3\x81\x82\xEF\xBF\xBD\xE3\x81\x82");
  CHECK(html_to_utf8(std::string("a\0", 2) + "b", "utf-16le").size() > 0);
  CHECK(html_to_utf8("", "") == "");
  CHECK(html_to_utf8("", "windows-1252") == "");
  // Large input converts completely (output buffer refills).
  const std::string big(100000, '\xE9');
  CHECK(html_to_utf8(big, "latin1").size() == 200000);
}

TEST_CASE("html: random tag soup never crashes") {
  // A fixed-seed generator keeps this deterministic.
  std::uint32_t state = 12345;
  const auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  const char* pieces[] = {"<div>",
                          "</div>",
                          "<b>",
                          "</b>",
                          "<i>",
                          "</i>",
                          "<p>",
                          "</p>",
                          "<table>",
                          "</table>",
                          "<tr>",
                          "<td>",
                          "</td>",
                          "<form>",
                          "</form>",
                          "<input name=a form=f>",
                          "<form id=f>",
                          "<select>",
                          "<option>",
                          "<textarea>",
                          "</textarea>",
                          "<script>",
                          "</script>",
                          "<!--",
                          "-->",
                          "<svg>",
                          "</svg>",
                          "<math>",
                          "<a href=/x>",
                          "</a>",
                          "<li>",
                          "<ul>",
                          "<template>",
                          "</template>",
                          "<base href=/b/>",
                          "text",
                          "&amp;",
                          "<img srcset=',,, ,'>",
                          "\xFF",
                          "<",
                          ">",
                          "\"",
                          "'",
                          "<plaintext>",
                          "<meta http-equiv=refresh content=';;url='>",
                          "<frameset>",
                          "<frame>"};
  for (int doc = 0; doc < 300; ++doc) {
    std::string html;
    const int n = static_cast<int>(next() % 400);
    for (int i = 0; i < n; ++i) html += pieces[next() % std::size(pieces)];
    const auto d = parse_html(html, page(), 1 + next() % 5000);
    for (const auto& l : d.links) CHECK(parse_url(l.url).has_value());
    for (const auto& f : d.forms) CHECK((f.method == "GET" || f.method == "POST"));
  }
}
