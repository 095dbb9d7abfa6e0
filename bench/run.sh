#!/usr/bin/env bash
# Benchmarks the product's command line against wimlib-imagex on the same input in the same run, and writes
# the ratios to bench/RESULTS.md. Not part of `mvn verify`. Needs: a built product (./mvnw -B verify),
# wimtools, python3, hyperfine (Debian: apt-get install hyperfine), about 6 GB free under bench/work.
#
#   bench/run.sh            every measurement (about 15-25 minutes on 2 cores)
#   RUNS=1 bench/run.sh     one run per command (quicker, noisier)
#   ONLY='ls|info' bench/run.sh   only the operations whose name matches the extended regular expression
#                           (the start-up measurement always runs; the other rows keep their last results)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
df=${DEPLOYFORGE:-$root/releng/org.deployforge.product/target/products/org.deployforge.product/linux/gtk/x86_64/deployforge/deployforge}
work=${BENCH_WORK:-$here/work}
runs=${RUNS:-3}
[ -x "$df" ] || { echo "bench: no product launcher at $df; build with ./mvnw -B verify" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }
mkdir -p "$work"
cd "$work"

[ -d many ] || { echo "generating 100,000 files"; python3 "$here/generate.py" many many.tmp && mv many.tmp many; }
[ -d big ] || { echo "generating ~1 GiB"; python3 "$here/generate.py" big big.tmp && mv big.tmp big; }
# Reference images made by wimlib-imagex, so read commands of both tools read the same file.
[ -f many.wim ] || wimlib-imagex capture many many.wim many --compress=LZX >/dev/null
[ -f big.wim ] || wimlib-imagex capture big big.wim big --compress=LZX >/dev/null
sync

results=$work/results
# ONLY re-measures some operations and keeps the others' last results (RESULTS.md shows when each was measured)
[ -n "${ONLY:-}" ] || rm -rf "$results"
mkdir -p "$results"
measured=0

# measure NAME RUNS DEPLOYFORGE_COMMAND WIMLIB_COMMAND [PREPARE]
measure() {
  local name=$1 n=$2 ours=$3 theirs=$4 prepare=${5:-true}
  local slug
  measured=$((measured + 1))
  slug=$(printf '%02d' "$measured")
  if [ -n "${ONLY:-}" ] && ! printf '%s' "$name" | grep -Eq "$ONLY"; then return 0; fi
  echo "== $name"
  printf '%s' "$name" > "$results/$slug.name"
  hyperfine --style basic --runs "$n" --warmup 0 --prepare "$prepare" \
    --export-json "$results/$slug.json" -n deployforge "$ours" -n wimlib-imagex "$theirs" >&2
}

# The fixed cost of every deployforge run: JVM + OSGi start, no image opened (subtracted as "net" in RESULTS.md).
echo "== start-up"
# one file per run, so the rows of each run subtract the start-up measured in that run
hyperfine --style basic --runs $((runs * 4)) --warmup 1 --export-json "$results/start-up-$(date +%s).json" \
  -n deployforge "'$df' formats > /dev/null" >&2

measure "ls -r (100,000 files)" $((runs * 2)) \
  "'$df' ls many.wim -r --bare > /dev/null" \
  "wimlib-imagex dir many.wim 1 > /dev/null"
measure "extract / (1 GiB, LZX)" "$runs" \
  "'$df' extract big.wim / --dest out-df > /dev/null" \
  "wimlib-imagex extract big.wim 1 / --dest-dir=out-wl > /dev/null" \
  "rm -rf out-df out-wl; sync"
measure "extract / (100,000 files)" "$runs" \
  "'$df' extract many.wim / --dest out-df > /dev/null" \
  "wimlib-imagex extract many.wim 1 / --dest-dir=out-wl > /dev/null" \
  "rm -rf out-df out-wl; sync"
for compression in LZX XPRESS; do
  lower=$(echo "$compression" | tr A-Z a-z)
  measure "capture $compression (1 GiB)" "$runs" \
    "'$df' capture big cap-df.wim --name big --compress $lower > /dev/null" \
    "wimlib-imagex capture big cap-wl.wim big --compress=$compression > /dev/null" \
    "rm -f cap-df.wim cap-wl.wim; sync"
  measure "capture $compression (100,000 files)" "$runs" \
    "'$df' capture many cap-df.wim --name many --compress $lower > /dev/null" \
    "wimlib-imagex capture many cap-wl.wim many --compress=$compression > /dev/null" \
    "rm -f cap-df.wim cap-wl.wim; sync"
done
measure "export --solid (1 GiB to ESD)" "$(( runs > 1 ? 2 : 1 ))" \
  "'$df' export big.wim exp-df.esd --index 1 --solid > /dev/null" \
  "wimlib-imagex export big.wim 1 exp-wl.esd --solid > /dev/null" \
  "rm -f exp-df.esd exp-wl.esd; sync"
measure "info (OSGi start included)" $((runs * 4)) \
  "'$df' info many.wim > /dev/null" \
  "wimlib-imagex info many.wim > /dev/null"

python3 "$here/summarize.py" "$results" "$here/RESULTS.md" "$df" "$runs"
