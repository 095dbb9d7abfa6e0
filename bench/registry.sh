#!/usr/bin/env bash
# Registry speed against hivex's own tools in the same run: import and export of a .reg with N keys
# (deployforge reg import/export vs hivexregedit --merge/--export, same hivex library underneath), and one
# value read (deployforge reg get vs hivexget, which includes the JVM/OSGi start of the CLI).
# Usage: bench/registry.sh [N]   (N keys under HKLM\SOFTWARE\Classes, default 5000; needs the built product)
set -euo pipefail
n=${1:-5000}
here=$(cd "$(dirname "$0")/.." && pwd)
df="$here/releng/org.deployforge.product/target/products/org.deployforge.product/linux/gtk/x86_64/deployforge/deployforge"
[ -x "$df" ] || { echo "build the product first: ./mvnw -B -DskipTests verify" >&2; exit 1; }
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
{
  # every parent listed before its children: hivexregedit does not create missing parents
  printf 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes]\n\n'
  for i in $(seq 1 "$n"); do
    printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\.ext%d]\n@="handler%d"\n"N"=dword:%08x\n\n' "$i" "$i" "$i"
    printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\.ext%d\\shell]\n\n' "$i"
    printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\.ext%d\\shell\\open]\n@="open %d"\n\n' "$i" "$i"
  done
} > big.reg
seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
mkdir -p ours theirs
"$df" reg new ours/SOFTWARE > /dev/null
"$df" reg new theirs/SOFTWARE > /dev/null
t_import=$(seconds "$df" reg import ours/SOFTWARE big.reg)
t_merge=$(seconds hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' theirs/SOFTWARE big.reg)
t_export=$(seconds "$df" reg export ours/SOFTWARE -o out.reg)
t_hexport=$(seconds hivexregedit --export --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' theirs/SOFTWARE '\')
t_get=$(seconds "$df" reg get ours/SOFTWARE 'Classes\.ext1\shell\open')
t_hget=$(seconds hivexget ours/SOFTWARE 'Classes\.ext1\shell\open' '@')
cmp -s <(hivexget ours/SOFTWARE 'Classes\.ext7') <(hivexget theirs/SOFTWARE 'Classes\.ext7') || { echo "results differ" >&2; exit 1; }
size=$(stat -c %s ours/SOFTWARE)
printf 'keys: %d (+%d values), hive after import: %d bytes\n' "$((3 * n))" "$((3 * n))" "$size"
printf 'import  deployforge %6.2f s (with read-back)   hivexregedit --merge  %6.2f s   ratio %.2f\n' "$t_import" "$t_merge" "$(echo "$t_import / $t_merge" | bc -l)"
printf 'export  deployforge %6.2f s                    hivexregedit --export %6.2f s   ratio %.2f\n' "$t_export" "$t_hexport" "$(echo "$t_export / $t_hexport" | bc -l)"
printf 'get     deployforge %6.2f s (JVM + OSGi start) hivexget              %6.2f s   ratio %.1f\n' "$t_get" "$t_hget" "$(echo "$t_get / $t_hget" | bc -l)"
