#!/usr/bin/env bash
# Workbench start-up to a usable window: starts the product's workbench (deployforge-workbench) on an X display
# several times with one workspace and prints, for each start, the wall time from the launch to the moment the
# window is up and its event loop idle (written by the workbench itself when DEPLOYFORGE_STARTUP_PROBE names a
# file; it then closes itself once the start-up work is done). The first start creates the workspace and the
# sample project; the later ones are the "second start" the target (<= 3 s, issue 4) is about.
# Not part of `mvn verify`. Needs a built product (./mvnw -B verify) and a display (Xvfb :NN, DISPLAY=:NN).
#
#   DISPLAY=:93 bench/workbench-start.sh        # 1 first start + 5 later starts
#   STARTS=3 DISPLAY=:93 bench/workbench-start.sh
#   JVM_OPTIONS=-Xmx1g DISPLAY=:93 bench/workbench-start.sh   # try more JVM flags (JAVA_TOOL_OPTIONS)
#   DEPLOYFORGE_VM_ARGS=' ' DISPLAY=:93 bench/workbench-start.sh   # without the launcher's C1-only default
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
product=${DEPLOYFORGE_PRODUCT:-$root/releng/org.deployforge.product/target/products/org.deployforge.product/linux/gtk/x86_64/deployforge}
starts=${STARTS:-5}
[ -x "$product/deployforge-workbench" ] || { echo "bench: no workbench launcher in $product; build with ./mvnw -B verify" >&2; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "bench: set DISPLAY (e.g. Xvfb :93 & DISPLAY=:93)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
probe=$work/probe.txt

start_once() {
  rm -f "$probe"
  local begin end
  begin=$(date +%s%3N)
  DEPLOYFORGE_STARTUP_PROBE=$probe JAVA_TOOL_OPTIONS=${JVM_OPTIONS:-} timeout 180 "$product/deployforge-workbench" -data "$work/workspace" \
    >"$work/log.txt" 2>&1 || true
  end=$(date +%s%3N)
  if [ ! -f "$probe" ]; then
    echo "bench: the workbench did not report a usable window; its log:" >&2
    tail -20 "$work/log.txt" >&2
    exit 1
  fi
  local usable uptime
  usable=$(sed -n 's/^usable_epoch_ms=//p' "$probe")
  uptime=$(sed -n 's/^jvm_uptime_ms=//p' "$probe")
  printf '%s\t%.2f\t%.2f\t%.2f\n' "$1" "$(echo "($usable - $begin) / 1000" | bc -l)" \
    "$(echo "$uptime / 1000" | bc -l)" "$(echo "($end - $begin) / 1000" | bc -l)"
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (before); $(nproc) cores; JVM options: ${JVM_OPTIONS:-none}"
printf 'start\tlaunch to usable window (s)\tJVM uptime then (s)\tlaunch to exit (s)\n'
start_once first
for i in $(seq 1 "$starts"); do
  start_once "later-$i"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (after)"
