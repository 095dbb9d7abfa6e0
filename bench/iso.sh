#!/usr/bin/env bash
# Benchmark: listing and extracting a 1 GB Windows-like ISO (ISO 9660 + Joliet + UDF, built by genisoimage)
# with the DeployForge CLI (ISO handler) and with 7zz, in the same run. Appends the ratios to bench/RESULTS.md.
# Usage: bench/iso.sh [SIZE_MIB]   (default 1024; needs the product built: ./mvnw -B verify)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
size_mib=${1:-1024}
work="$here/bench/work/iso"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
df="$here/deployforge"
rm -rf "$work"
mkdir -p "$work/media/sources" "$work/media/boot" "$work/media/efi/microsoft/boot" "$work/media/support"

# media: one large file (60%), 2,000 small files (the rest), boot files
big=$((size_mib * 6 / 10))
head -c $((big * 1024 * 1024)) /dev/urandom > "$work/media/sources/install.wim"
small_total=$(((size_mib - big) * 1024 * 1024))
per=$((small_total / 2000))
for d in $(seq 1 20); do
  mkdir -p "$work/media/support/d$d"
  for f in $(seq 1 100); do head -c "$per" /dev/urandom > "$work/media/support/d$d/file$f.dll"; done
done
head -c 4096 /dev/urandom > "$work/media/boot/etfsboot.com"
mkfs.vfat -C "$work/media/efi/microsoft/boot/efisys.bin" 1440 >/dev/null
iso="$work/bench.iso"
"$df" iso build "$work/media" "$iso" --label BENCH >/dev/null
bytes=$(stat -c %s "$iso")
files=$(find "$work/media" -type f | wc -l)
sync

now() { date +%s.%N; }
best() { # best of 3 wall times of a command, in seconds
  local best=999999 t0 t1 d
  for _ in 1 2 3; do
    rm -rf "$work/out"; mkdir -p "$work/out"
    sync; sleep 1 # the previous run's 1 GiB of writes and its deletion settle first: every run starts alike
    t0=$(now); "$@" >/dev/null 2>&1; t1=$(now)
    d=$(echo "$t1 - $t0" | bc -l)
    if (( $(echo "$d < $best" | bc -l) )); then best=$d; fi
  done
  printf '%.3f' "$best"
}

cpu() { # best of 3 CPU times (user + system, all processes) of a command, in seconds
  local best=999999 c
  for _ in 1 2 3; do
    rm -rf "$work/out"; mkdir -p "$work/out"
    sync; sleep 1
    /usr/bin/time -f '%U %S' -o "$work/cpu" "$@" >/dev/null 2>&1
    c=$(awk '{print $1 + $2}' "$work/cpu")
    if (( $(echo "$c < $best" | bc -l) )); then best=$c; fi
  done
  printf '%.2f' "$best"
}

start=$(best "$df" formats)
list_df=$(best "$df" ls "$iso" / -r --bare)
list_7z=$(best 7zz l -slt -tudf "$iso")
extract_df=$(best "$df" extract "$iso" / --dest "$work/out")
extract_7z=$(best 7zz x -tudf -o"$work/out" "$iso")
# the handler's former path, kept for UDF features our reader declines: file data through one `7zz x -so` stream
extract_df7=$(DEPLOYFORGE_VM_ARGS="-XX:TieredStopAtLevel=1 -Ddeployforge.iso.reader=7zz" best "$df" extract "$iso" / --dest "$work/out")

start_cpu=$(cpu "$df" formats)
extract_df_cpu=$(cpu "$df" extract "$iso" / --dest "$work/out")
extract_7z_cpu=$(cpu 7zz x -tudf -o"$work/out" "$iso")

# the two extractions must agree
rm -rf "$work/out" "$work/out7"; mkdir -p "$work/out" "$work/out7"
"$df" extract "$iso" / --dest "$work/out" >/dev/null 2>&1
7zz x -tudf -o"$work/out7" "$iso" >/dev/null
diff -r "$work/out" "$work/out7" >/dev/null || { echo "extractions differ" >&2; exit 1; }

ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
net() { printf '%.3f' "$(echo "n = $1 - $start; if (n < 0) n = 0; n" | bc -l)"; }
line="| $(date -u +%Y-%m-%d) | ISO $((bytes / 1024 / 1024)) MiB, $files files (UDF) | deployforge ${list_df} s, 7zz ${list_7z} s: $(ratio "$list_df" "$list_7z")x; net of start-up $(net "$list_df") s: $(ratio "$(net "$list_df")" "$list_7z")x | deployforge ${extract_df} s, 7zz ${extract_7z} s: $(ratio "$extract_df" "$extract_7z")x; net of start-up $(net "$extract_df") s: $(ratio "$(net "$extract_df")" "$extract_7z")x; with iso.reader=7zz ${extract_df7} s; CPU (user + system) deployforge ${extract_df_cpu} s (start-up ${start_cpu} s), 7zz ${extract_7z_cpu} s | ${start} s |"
echo "$line"
results="$here/bench/RESULTS.md"
if [ ! -f "$results" ]; then
  printf '# Benchmark results\n\nBest of 3 wall-clock runs on the build machine; ratio = DeployForge / reference tool (lower is better).\n\n' > "$results"
fi
if ! grep -q '^## ISO' "$results"; then
  printf '\n## ISO (bench/iso.sh)\n\nDeployForge runs are whole CLI runs (JVM + OSGi start-up included); "net of start-up" subtracts the best time of `deployforge formats` measured in the same run.\n\n| date | input | listing (`ls -r --bare` vs `7zz l -slt`) | extraction (`extract /` vs `7zz x`) | CLI start-up |\n|---|---|---|---|---|\n' >> "$results"
fi
# the row goes under the last row of the ISO table (other sections follow it in the file)
last=$(awk '/^## /{iso=($0 ~ /^## ISO/)} iso && /^\|/{n=NR} END{print n+0}' "$results")
if [ "$last" -gt 0 ]; then
  awk -v n="$last" -v row="$line" '{print} NR==n{print row}' "$results" > "$results.new" && mv "$results.new" "$results"
else
  echo "$line" >> "$results"
fi
rm -rf "$work"
