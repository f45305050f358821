#!/usr/bin/python3
"""Validate SARIF files the way GitHub code scanning will treat them.

Usage: sarif_lint.py FILE... [--schema PATH]

1. JSON Schema validation against the OASIS SARIF 2.1.0 schema (draft-04).
2. GitHub's server-side rules, which no schema covers (GitHub's "SARIF support for code
   scanning" documentation): required fields, description and name lengths,
   levels, security-severity in (0, 10] on every rule and equal on its results, security tag, ruleId/ruleIndex consistency,
   scheme-less artifact URIs, fingerprints, and the upload limits.

Exit 0 when every file passes; 1 with one line per problem otherwise; 2 on usage errors.
Needs only the standard library and python3-jsonschema; run with /usr/bin/python3.
"""

import argparse
import json
import os
import re
import sys

try:
    import jsonschema
except ImportError:  # pragma: no cover - environment problem, not a lint result
    print("sarif_lint: python3-jsonschema is required (use /usr/bin/python3)", file=sys.stderr)
    sys.exit(2)

MAX_RUNS = 20
MAX_RESULTS = 25000
MAX_RULES = 25000
MAX_TAGS = 20
MAX_LOCATIONS = 1000
MAX_DESCRIPTION = 1024
MAX_NAME = 255
LEVELS = {"note", "warning", "error"}
RESULT_LEVELS = {"none", "note", "warning", "error"}

SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
SECURITY_SEVERITY_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
# RFC 3986 characters: unreserved, reserved, and '%' only as the start of a %XX escape.
URI_CHARS_RE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def default_schema_path():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "schemas", "sarif-schema-2.1.0.json")


def text_of(obj, key):
    """obj[key]['text'] when it is a string, else None."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return value["text"]
    return None


def check_uri(uri, where, problems):
    if not isinstance(uri, str) or uri == "":
        problems.append(f"{where}: artifactLocation.uri missing or empty")
        return
    if SCHEME_RE.match(uri):
        problems.append(f"{where}: artifactLocation.uri {uri!r} has a URI scheme "
                        "(GitHub rejects the upload)")
    first_segment = uri.split("/", 1)[0]
    if ":" in first_segment:
        problems.append(f"{where}: artifactLocation.uri {uri!r} has ':' in its first segment")
    if not URI_CHARS_RE.match(uri):
        problems.append(f"{where}: artifactLocation.uri {uri!r} has unencoded unsafe characters")


def check_location(loc, where, problems):
    if not isinstance(loc, dict):
        problems.append(f"{where}: not an object")
        return
    phys = loc.get("physicalLocation")
    if not isinstance(phys, dict):
        problems.append(f"{where}: no physicalLocation (GitHub: expected artifact location)")
        return
    art = phys.get("artifactLocation")
    if not isinstance(art, dict):
        problems.append(f"{where}: no physicalLocation.artifactLocation")
        return
    check_uri(art.get("uri"), where, problems)


def check_rule(rule, where, problems):
    if not isinstance(rule, dict):
        problems.append(f"{where}: not an object")
        return
    if not isinstance(rule.get("id"), str) or not rule["id"]:
        problems.append(f"{where}: id missing")
    name = rule.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > MAX_NAME):
        problems.append(f"{where}: name longer than {MAX_NAME} characters")
    for key in ("shortDescription", "fullDescription"):
        text = text_of(rule, key)
        if text is None:
            problems.append(f"{where}: {key}.text missing")
        elif len(text) > MAX_DESCRIPTION:
            problems.append(f"{where}: {key}.text is {len(text)} characters "
                            f"(max {MAX_DESCRIPTION})")
    if text_of(rule, "help") is None:
        problems.append(f"{where}: help.text missing")
    config = rule.get("defaultConfiguration")
    if not isinstance(config, dict) or config.get("level") not in LEVELS:
        problems.append(f"{where}: defaultConfiguration.level must be one of note|warning|error")
    props = rule.get("properties") if isinstance(rule.get("properties"), dict) else {}
    sev = props.get("security-severity")
    if (not isinstance(sev, str) or not SECURITY_SEVERITY_RE.match(sev)
            or not 0 < float(sev) <= 10):
        problems.append(f"{where}: properties.security-severity {sev!r} is not a numeric "
                        "string in (0, 10] (GitHub shows no security severity otherwise)")
    tags = props.get("tags")
    if not isinstance(tags, list) or "security" not in tags:
        problems.append(f"{where}: properties.tags does not include 'security'")
    elif len(tags) > MAX_TAGS:
        problems.append(f"{where}: {len(tags)} tags (max {MAX_TAGS})")


def check_result(result, where, rules, rule_ids, problems):
    if not isinstance(result, dict):
        problems.append(f"{where}: not an object")
        return
    rule_id = result.get("ruleId")
    if not isinstance(rule_id, str) or rule_id not in rule_ids:
        problems.append(f"{where}: ruleId {rule_id!r} is not defined in tool.driver.rules")
    if "ruleIndex" not in result:
        problems.append(f"{where}: ruleIndex missing")
    else:
        index = result["ruleIndex"]
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(rules):
            problems.append(f"{where}: ruleIndex {index!r} out of range")
        elif not isinstance(rules[index], dict) or rules[index].get("id") != rule_id:
            problems.append(f"{where}: ruleIndex {index} points at rule "
                            f"{rules[index].get('id')!r}, not {rule_id!r}")
    # GitHub shows the rule's security-severity, so a result must not claim another one.
    rule = rules[result["ruleIndex"]] if isinstance(result.get("ruleIndex"), int) and \
        0 <= result["ruleIndex"] < len(rules) and isinstance(rules[result["ruleIndex"]], dict) \
        else None
    result_props = result.get("properties") if isinstance(result.get("properties"), dict) else {}
    if rule is not None and "security-severity" in result_props:
        rule_sev = (rule.get("properties") or {}).get("security-severity")
        if result_props["security-severity"] != rule_sev:
            problems.append(f"{where}: security-severity {result_props['security-severity']!r} "
                            f"differs from its rule's {rule_sev!r} (GitHub shows the rule's)")
    if rule is not None and result.get("kind", "fail") == "fail" and "level" in result:
        rule_level = (rule.get("defaultConfiguration") or {}).get("level")
        if result["level"] != rule_level:
            problems.append(f"{where}: level {result['level']!r} differs from its rule's "
                            f"{rule_level!r}")
    if "level" in result and result["level"] not in RESULT_LEVELS:
        problems.append(f"{where}: level {result['level']!r} invalid")
    if text_of(result, "message") is None:
        problems.append(f"{where}: message.text missing")
    locations = result.get("locations")
    if not isinstance(locations, list) or not locations:
        problems.append(f"{where}: no locations (GitHub needs at least one)")
    else:
        if len(locations) > MAX_LOCATIONS:
            problems.append(f"{where}: {len(locations)} locations (max {MAX_LOCATIONS})")
        for i, loc in enumerate(locations):
            check_location(loc, f"{where}.locations[{i}]", problems)
    related = result.get("relatedLocations")
    if isinstance(related, list):
        if len(related) > MAX_LOCATIONS:
            problems.append(f"{where}: {len(related)} relatedLocations (max {MAX_LOCATIONS})")
        for i, loc in enumerate(related):
            check_location(loc, f"{where}.relatedLocations[{i}]", problems)
    fingerprints = result.get("partialFingerprints")
    if not isinstance(fingerprints, dict) or not fingerprints.get("primaryLocationLineHash"):
        problems.append(f"{where}: partialFingerprints.primaryLocationLineHash missing "
                        "(alerts would duplicate on every upload)")


def check_github(doc, problems):
    if not isinstance(doc, dict):
        problems.append("top level is not an object")
        return
    if "$schema" not in doc:
        problems.append("$schema missing")
    if doc.get("version") != "2.1.0":
        problems.append(f"version {doc.get('version')!r} is not '2.1.0'")
    runs = doc.get("runs")
    if not isinstance(runs, list):
        problems.append("runs missing")
        return
    if len(runs) > MAX_RUNS:
        problems.append(f"{len(runs)} runs (max {MAX_RUNS})")
    for r, run in enumerate(runs):
        where = f"runs[{r}]"
        if not isinstance(run, dict):
            problems.append(f"{where}: not an object")
            continue
        driver = (run.get("tool") or {}).get("driver") if isinstance(run.get("tool"), dict) else None
        if not isinstance(driver, dict) or not driver.get("name"):
            problems.append(f"{where}: tool.driver.name missing")
            driver = driver if isinstance(driver, dict) else {}
        rules = driver.get("rules")
        if not isinstance(rules, list):
            problems.append(f"{where}: tool.driver.rules missing")
            rules = []
        if len(rules) > MAX_RULES:
            problems.append(f"{where}: {len(rules)} rules (max {MAX_RULES})")
        rule_ids = set()
        for i, rule in enumerate(rules):
            check_rule(rule, f"{where}.tool.driver.rules[{i}]", problems)
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                if rule["id"] in rule_ids:
                    problems.append(f"{where}.tool.driver.rules[{i}]: duplicate id "
                                    f"{rule['id']!r}")
                rule_ids.add(rule["id"])
        results = run.get("results")
        if not isinstance(results, list):
            problems.append(f"{where}: results missing (an empty scan needs results: [])")
            continue
        if len(results) > MAX_RESULTS:
            problems.append(f"{where}: {len(results)} results (max {MAX_RESULTS})")
        for i, result in enumerate(results):
            check_result(result, f"{where}.results[{i}]", rules, rule_ids, problems)


def lint_file(path, validator):
    """Returns the problems of one file as strings."""
    problems = []
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        return [f"cannot read: {e.strerror}"]
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        return [f"not valid UTF-8: {e}"]
    except ValueError as e:
        return [f"not valid JSON: {e}"]
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        pointer = "/".join(str(p) for p in error.absolute_path) or "(root)"
        message = error.message if len(error.message) <= 300 else error.message[:300] + "..."
        problems.append(f"schema: {pointer}: {message}")
    check_github(doc, problems)
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description="Validate SARIF files for GitHub code scanning.")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--schema", default=default_schema_path(),
                        help="OASIS SARIF 2.1.0 JSON schema (default: the copy in test/tools/schemas/)")
    args = parser.parse_args(argv)
    try:
        with open(args.schema, "rb") as f:
            schema = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:
        print(f"sarif_lint: cannot load schema {args.schema}: {e}", file=sys.stderr)
        return 2
    validator = jsonschema.Draft4Validator(schema)
    failed = False
    for path in args.files:
        problems = lint_file(path, validator)
        for problem in problems:
            print(f"{path}: {problem}")
        if problems:
            failed = True
        else:
            print(f"{path}: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
