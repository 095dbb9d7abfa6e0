#!/usr/bin/env bash
# Benchmarks the product's command line against wimlib-imagex on the same input in the same run, and writes
# the ratios to bench/RESULTS.md. Not part of `mvn verify`. Needs: a built product (./mvnw -B verify),
# wimtools, python3, hyperfine (Debian: apt-get install hyperfine), about 6 GB free under bench/work.
#
#   bench/run.sh            every measurement (about 15-25 minutes on 2 cores)
#   RUNS=1 bench/run.sh     one run per command (quicker, noisier)
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
rm -rf "$results"
mkdir -p "$results"
measured=0

# measure NAME RUNS DEPLOYFORGE_COMMAND WIMLIB_COMMAND [PREPARE]
measure() {
  local name=$1 n=$2 ours=$3 theirs=$4 prepare=${5:-true}
  local slug
  measured=$((measured + 1))
  slug=$(printf '%02d' "$measured")
  echo "== $name"
  printf '%s' "$name" > "$results/$slug.name"
  hyperfine --style basic --runs "$n" --warmup 0 --prepare "$prepare" \
    --export-json "$results/$slug.json" -n deployforge "$ours" -n wimlib-imagex "$theirs" >&2
}

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

python3 - "$results" "$here/RESULTS.md" "$df" "$runs" <<'PY'
import datetime, json, os, platform, subprocess, sys
results, target, df, runs = sys.argv[1:5]
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return "?"
cpu = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
rows = []
order = sorted(n for n in os.listdir(results) if n.endswith(".json"))
for file in order:
    data = json.load(open(os.path.join(results, file)))
    name = open(os.path.join(results, file[:-5] + ".name")).read()
    by = {r["command"]: r for r in data["results"]}
    ours, theirs = by["deployforge"], by["wimlib-imagex"]
    rows.append((name, ours["mean"], ours["stddev"] or 0, theirs["mean"], theirs["stddev"] or 0,
                 ours["mean"] / theirs["mean"], len(ours["times"])))
with open(target, "w") as out:
    out.write("# Benchmark: deployforge vs wimlib-imagex\n\n")
    out.write("Written by `bench/run.sh` (do not edit by hand). Targets (issue 3): each operation at most 1.05x\n")
    out.write("wimlib-imagex wall time; `deployforge info` at most 1.5 s wall including the OSGi start.\n\n")
    out.write("- date: %s\n" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    out.write("- machine: %s, %s cores, %s MiB RAM, %s\n" % (cpu, os.cpu_count(),
              sh("free -m | awk '/Mem:/{print $2}'"), platform.platform()))
    out.write("- tools: %s; %s; Java %s\n" % (sh("wimlib-imagex --version | head -1"), sh("hyperfine --version"),
              sh("$JAVA_HOME/bin/java -version 2>&1 | head -1")))
    out.write("- command: `RUNS=%s bench/run.sh` (hyperfine, mean of the runs; every deployforge run includes the JVM\n"
              "  and OSGi start; inputs from `bench/generate.py`: 100,000 files of 50-4,000 bytes, and ~1 GiB in\n"
              "  400 files, a third random, a third text, a third structured binary)\n" % runs)
    out.write("- launcher: `%s`\n\n" % df.replace(os.path.dirname(os.path.dirname(target)) + "/", ""))
    out.write("| operation | deployforge (s) | wimlib-imagex (s) | ratio | runs |\n|---|---:|---:|---:|---:|\n")
    for name, om, osd, tm, tsd, ratio, n in rows:
        out.write("| %s | %.3f ± %.3f | %.3f ± %.3f | %.2fx | %d |\n" % (name, om, osd, tm, tsd, ratio, n))
print(open(target).read())
PY
