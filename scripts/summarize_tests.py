#!/usr/bin/env python3
"""Sums the JUnit XML files that gtest and pytest wrote and prints one closing line:
"tests: N passed, M failed, K skipped". Exit status 1 when anything failed."""
import glob
import sys
import xml.etree.ElementTree as ET


def main():
    out_dir, failed_steps = sys.argv[1], int(sys.argv[2])
    passed = failed = skipped = 0
    for path in sorted(glob.glob(out_dir + "/*.xml")):
        root = ET.parse(path).getroot()
        for case in root.iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.find("skipped") is not None or case.get("result") == "skipped":
                skipped += 1
            else:
                passed += 1
    # A step that failed before writing results (a build error) counts as one failure.
    failed += failed_steps if failed == 0 else 0
    print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
