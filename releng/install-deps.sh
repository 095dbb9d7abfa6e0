#!/usr/bin/env bash
# Installs what DeployForge needs on Debian 12 and checks the JDK. Sourced or run by releng/quickstart.sh,
# releng/test.sh and ./deployforge. As root it runs apt-get; otherwise it prints the one command to run.
# Prints what it does; exits non-zero with a clear message when something cannot be had.
set -euo pipefail

# Engines and tools DeployForge drives (docs/architecture.md), plus Xvfb and GTK for the UI tests.
DEPLOYFORGE_DEBIAN_PACKAGES=(
  libwim15 wimtools            # WIM / ESD / SWM / PPKG (wimlib, through JNA; wimlib-imagex for tests)
  libhivex0 libhivex-bin libwin-hivex-perl   # offline registry hives (hivex through JNA; hivexsh/hivexget/hivexregedit for tests)
  xorriso genisoimage 7zip     # ISO read (7zz) and rebuild (genisoimage for UDF, xorriso for ISO 9660)
  qemu-utils qemu-system-common ntfs-3g fdisk gdisk dosfstools mtools fuse3   # VHD/VHDX (qemu-img, qemu-storage-daemon), NTFS, partitions, FAT
  cabextract gcab              # cabinets and .msu packages
  python3-pycdlib udftools     # ISO tests: UDF written by other tools (pycdlib UDF 2.60, mkudffs)
  libgtk-3-0 xvfb xauth        # the workbench and its UI tests on a virtual display
  curl ca-certificates         # the Maven Wrapper's first download
)

say() { printf 'deployforge: %s\n' "$*"; }
die() { printf 'deployforge: error: %s\n' "$*" >&2; exit 1; }

find_jdk() {
  # Tycho 5 and the 2026 Eclipse platform need Java 21 or later (docs/building.md); the machines carry Temurin 25.
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local version
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$version" ] && [ "${version%%.*}" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

missing_packages() {
  local package
  for package in "${DEPLOYFORGE_DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || echo "$package"
  done
}

install_deps() {
  command -v dpkg-query >/dev/null || die "this script expects Debian 12 (dpkg/apt-get); install the packages listed in releng/install-deps.sh by hand"
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  if [ -n "${missing// /}" ]; then
    if [ "$(id -u)" = 0 ]; then
      say "installing Debian packages: $missing"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
      # shellcheck disable=SC2086
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null \
        || die "apt-get install failed for: $missing"
    else
      die "missing Debian packages; run: sudo apt-get install -y $missing"
    fi
  else
    say "Debian packages present (${#DEPLOYFORGE_DEBIAN_PACKAGES[@]} checked)"
  fi
  local jdk
  jdk=$(find_jdk) || die "no JDK 21 or later found (looked at \$JAVA_HOME and /usr/lib/jvm/temurin-25-jdk-amd64); install Temurin 25 or set JAVA_HOME"
  export JAVA_HOME="$jdk"
  say "using JDK $JAVA_HOME"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  install_deps
fi
