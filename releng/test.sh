#!/usr/bin/env bash
# Runs every test: installs what is missing, starts a virtual display for the UI tests when there is none,
# builds the whole reactor with ./mvnw and prints a summary of the test reports.
# Extra arguments go to Maven, e.g. releng/test.sh -Ddeployforge.longTests=true
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=releng/install-deps.sh
. releng/install-deps.sh
install_deps

xvfb_pid=
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true; }
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
  for number in $(seq 90 120); do
    [ -e "/tmp/.X11-unix/X$number" ] || [ -e "/tmp/.X$number-lock" ] && continue
    Xvfb ":$number" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    export DISPLAY=":$number"
    break
  done
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${DISPLAY#:}" ] && break; sleep 0.1; done
  [ -e "/tmp/.X11-unix/X${DISPLAY#:}" ] || die "Xvfb did not start on $DISPLAY"
  say "started Xvfb on $DISPLAY for the UI tests"
fi

say "building and testing: ./mvnw -B verify $*"
status=0
./mvnw -B verify "$@" || status=$?

# One summary over every test bundle's reports (the per-bundle lines are above).
python3 - <<'PY' || true
import glob, xml.etree.ElementTree as ET
tests = failures = errors = skipped = 0
for report in glob.glob('tests/*/target/surefire-reports/TEST-*.xml'):
    suite = ET.parse(report).getroot()
    tests += int(suite.get('tests', 0)); failures += int(suite.get('failures', 0))
    errors += int(suite.get('errors', 0)); skipped += int(suite.get('skipped', 0))
passed = tests - failures - errors - skipped
shots = sorted(glob.glob('tests/*/target/screenshots/*.png'))
if shots:
    print(f"\nUI screenshots ({len(shots)}): " + ", ".join(shots))
print(f"\nTests: {passed} passed, {failures + errors} failed, {skipped} skipped")
PY
[ $status = 0 ] || say "the build or some tests failed (exit $status); see the output above" >&2
exit $status
