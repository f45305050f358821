#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/exposure_testing.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::text_200;
using testing::url_of;

std::vector<Finding> run(FakeFetcher& fetcher) {
  const auto check = make_exposed_vcs();
  return testing::run_active(*check, fetcher);
}

const char* const kGitConfig =
    "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n"
    "[remote \"upstream\"]\n\turl = https://git.example.org/mirror.git\n"
    "[remote \"origin\"]\n\turl = https://deploy:ghp_s3cr3tT0ken@github.com/acme/shop.git\n"
    "\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch \"main\"]\n\tremote = origin\n";

std::string git_index() {
  std::string b("DIRC\0\0\0\2\0\0\0\3", 12);
  b += std::string(60, '\0');
  b += std::string("\0\x0a", 2);  // flags: name length 10
  b += std::string("index.php\0\0", 11);
  return b;
}

TEST_CASE("exposed-vcs: a git repository is one finding with the remote URL, redacted") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/.git/HEAD")] = text_200("ref: refs/heads/main\n");
  fetcher.responses[url_of("/.git/config")] = text_200(kGitConfig);
  fetcher.responses[url_of("/.git/index")] = text_200(git_index(), "application/octet-stream");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "exposed-vcs");
  CHECK(f.severity == Severity::high);
  CHECK(f.per_origin);
  CHECK(f.key == "git");
  CHECK(f.url == url_of("/.git/HEAD"));
  CHECK(f.exchange.status == 200);
  CHECK(f.evidence.snippet.starts_with("ref: refs/heads/main"));
  CHECK(f.evidence.snippet.find("[core]") != std::string::npos);
  CHECK(f.evidence.snippet.find("DIRC (Git index version 2, 3 entries; first file: index.php)") !=
        std::string::npos);
  CHECK(f.message.find("https://***@github.com/acme/shop.git") != std::string::npos);
  CHECK(f.message.find("remote origin") != std::string::npos);
  CHECK(f.message.find("credentials") != std::string::npos);
  for (const std::string& text : {f.message, f.evidence.snippet, f.evidence.note}) {
    CHECK(text.find("ghp_s3cr3tT0ken") == std::string::npos);
  }
  CHECK(f.evidence.note.find("also readable: /.git/config, /.git/index") != std::string::npos);
}

TEST_CASE("exposed-vcs: .git/config alone is reported without its credentials in the body") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/.git/config")] = text_200(kGitConfig);
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].url == url_of("/.git/config"));
  CHECK(findings[0].exchange.body_snippet.find("ghp_") == std::string::npos);
}

TEST_CASE("exposed-vcs: detached HEAD") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/.git/HEAD")] = text_200("3f786850e387550fdab836ed7e6dc881de23001b\n");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.snippet == "3f786850e387550fdab836ed7e6dc881de23001b");
  CHECK(findings[0].message.find("remote") == std::string::npos);
}

TEST_CASE("exposed-vcs: svn, hg and bzr are one finding each") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/.svn/entries")] = text_200("12\n");
  fetcher.responses[url_of("/.svn/wc.db")] =
      text_200(std::string("SQLite format 3\0\x10\0\x01\x01", 20), "application/octet-stream");
  fetcher.responses[url_of("/.hg/requires")] =
      text_200("dotencode\nfncache\ngeneraldelta\nrevlogv1\nsparserevlog\nstore\n");
  fetcher.responses[url_of("/.bzr/README")] =
      text_200("This is a Bazaar control directory.\nDo not change any files in this directory.\n");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].key == "svn");
  CHECK(findings[0].url == url_of("/.svn/entries"));
  CHECK(findings[0].evidence.note.find("/.svn/wc.db") != std::string::npos);
  CHECK(findings[1].key == "hg");
  CHECK(findings[1].evidence.snippet.find("revlogv1") != std::string::npos);
  CHECK(findings[2].key == "bzr");
  CHECK(findings[2].url == url_of("/.bzr/README"));
}

TEST_CASE("exposed-vcs: old svn entries and bzr branch-format") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/.svn/entries")] =
      text_200("10\n\ndir\n1234\nhttps://svn.example.org/repo/trunk\n");
  fetcher.responses[url_of("/.bzr/branch-format")] =
      text_200("Bazaar-NG meta directory, format 1\n");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].evidence.snippet.starts_with("10 (Subversion entries format 10)"));
  CHECK(findings[1].evidence.snippet == "Bazaar-NG meta directory, format 1");
}

TEST_CASE("exposed-vcs: look-alikes are not metadata") {
  FakeFetcher fetcher;
  // A page that talks about git, a config page without [core], an index that is not DIRC,
  // an entries file that is prose, a requires file with sentences.
  fetcher.responses[url_of("/.git/HEAD")] =
      text_200("<html><body>ref: refs/heads/main</body></html>", "text/html");
  fetcher.responses[url_of("/.git/config")] = text_200("[user]\n\tname = x\n");
  fetcher.responses[url_of("/.git/index")] = text_200("DIRT\0\0\0\2");
  fetcher.responses[url_of("/.svn/entries")] = text_200("12 monkeys were here\n");
  fetcher.responses[url_of("/.svn/wc.db")] = text_200("SQLite is great");
  fetcher.responses[url_of("/.hg/requires")] = text_200("this repository requires a store\n");
  fetcher.responses[url_of("/.bzr/branch-format")] = text_200("bazaar?");
  CHECK(run(fetcher).empty());
}

TEST_CASE("exposed-vcs: no findings from soft-404 servers") {
  for (auto mode : testing::kAllSoft404) {
    CAPTURE(static_cast<int>(mode));
    FakeFetcher fetcher;
    testing::install_soft404(fetcher, mode);
    CHECK(run(fetcher).empty());
  }
}

TEST_CASE("exposed-vcs: a catch-all answering every .git/ name with a HEAD-like text") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest&) -> std::optional<std::string> {
    return text_200("ref: refs/heads/main\n");
  };
  CHECK(run(fetcher).empty());
}

TEST_CASE("exposed-vcs: request budget") {
  FakeFetcher fetcher;
  run(fetcher);
  // 8 probes and 5 calibrated (directory, class) profiles of 2 requests each.
  CHECK(fetcher.requested.size() == 18);
}

}  // namespace
}  // namespace gapscan
