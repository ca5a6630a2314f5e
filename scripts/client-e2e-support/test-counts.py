#!/usr/bin/env python3
"""Prints 'N passed, N failed, N skipped' from a test results file: `test-counts.py trx FILE` (dotnet test's
TRX logger) or `test-counts.py junit FILE` (pytest's --junitxml). Errors count as failures."""
import sys
import xml.etree.ElementTree as ElementTree


def trx(root):
    ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
    outcomes = [r.get("outcome") for r in root.iterfind(".//t:UnitTestResult", ns)]
    passed = outcomes.count("Passed")
    skipped = outcomes.count("NotExecuted")
    return passed, len(outcomes) - passed - skipped, skipped


def junit(root):
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    total = failed = skipped = 0
    for suite in suites:
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return total - failed - skipped, failed, skipped


def main(kind, path):
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as e:
        print(f"no results ({e})")
        return
    passed, failed, skipped = {"trx": trx, "junit": junit}[kind](root)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
