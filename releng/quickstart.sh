#!/usr/bin/env bash
# The newcomer's first command: installs what is missing, builds the product, and runs the main job on the
# built-in sample workspace: the workbench when a display is present, otherwise a short tour of the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=releng/install-deps.sh
. releng/install-deps.sh
install_deps

product=releng/org.deployforge.product/target/products/org.deployforge.product/linux/gtk/x86_64/deployforge
say "building the product (./mvnw -B -DskipTests verify; tests run with releng/test.sh)"
./mvnw -B -q -DskipTests verify || die "the build failed; rerun './mvnw -B verify' to see why"
say "product: $product"

workspace="${DEPLOYFORGE_WORKSPACE:-$HOME/deployforge-workspace}"
if [ -n "${DISPLAY:-}" ] && [ -z "${DEPLOYFORGE_HEADLESS:-}" ]; then
  say "starting the workbench on the workspace $workspace (the sample project is created on first start)"
  exec "$product/deployforge-workbench" -data "$workspace"
fi

say "no display: a short tour of the command line instead of the workbench"
run() { printf '\n$ deployforge %s\n' "$*"; "$product/deployforge" "$@"; }
run --version
run formats
tour=$(mktemp -d)
trap 'rm -rf "$tour"' EXIT
mkdir -p "$tour/tree/sources"
echo "hello from DeployForge" > "$tour/tree/sources/readme.txt"
wimlib-imagex capture "$tour/tree" "$tour/sample.wim" "Sample" --compress=lzx >/dev/null
run detect "$tour/sample.wim"
printf '\nThe workbench needs a display: run this again from a desktop session (or set DISPLAY).\n'
