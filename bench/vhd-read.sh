#!/bin/bash
# Reading every byte of a virtual disk: DeployForge's Java block view against qemu (qemu-io, one read of the whole
# disk into memory; and qemu-img convert -O raw into /dev/shm). Disk: 1 GiB with 512 MiB of random data, as a dynamic
# VHDX and a dynamic VHD. Run from the repository root after ./mvnw verify. Results go to bench/RESULTS.md by hand.
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$ROOT/bench/work/vhd}
mkdir -p "$WORK"
CP="$ROOT/bundles/org.deployforge.handler.vhd/target/org.deployforge.handler.vhd-0.1.0-SNAPSHOT.jar:$ROOT/bundles/org.deployforge.core/target/org.deployforge.core-0.1.0-SNAPSHOT.jar"
if [ ! -f "$WORK/disk.raw" ]; then
	truncate -s 1G "$WORK/disk.raw"
	dd if=/dev/urandom of="$WORK/disk.raw" bs=1M count=256 seek=64 conv=notrunc status=none
	dd if=/dev/urandom of="$WORK/disk.raw" bs=1M count=256 seek=640 conv=notrunc status=none
	qemu-img convert -f raw -O vhdx -o subformat=dynamic "$WORK/disk.raw" "$WORK/disk.vhdx"
	qemu-img convert -f raw -O vpc -o subformat=dynamic,force_size=on "$WORK/disk.raw" "$WORK/disk.vhd"
fi
"$JAVA_HOME/bin/javac" -d "$WORK/classes" -cp "$CP" "$ROOT/bench/VhdRead.java"
for f in vhdx vhd; do
	driver=$([ $f = vhd ] && echo vpc || echo vhdx)
	for run in 1 2 3; do
		"$JAVA_HOME/bin/java" -cp "$WORK/classes:$CP" VhdRead "$WORK/disk.$f"
		/usr/bin/time -f "qemu-io read $f %e s" qemu-io -r -f $driver -c "read 0 1G" "$WORK/disk.$f" > /dev/null
		/usr/bin/time -f "qemu-img convert $f %e s" qemu-img convert -f $driver -O raw "$WORK/disk.$f" /dev/shm/vhd-bench.raw
		rm -f /dev/shm/vhd-bench.raw
	done
done
"$JAVA_HOME/bin/java" -cp "$WORK/classes:$CP" VhdRead "$WORK/disk.vhdx" --sha
sha256sum "$WORK/disk.raw"
