/**
 * The ISO handler: own readers for the format facts (ECMA-119 volume descriptors, Joliet, Rock Ridge, ECMA-167 /
 * OSTA UDF volume recognition and anchor, El Torito boot catalog), file access through {@code 7zz} (UDF first,
 * ISO 9660 + Joliet otherwise), and rebuilds through {@code genisoimage} (UDF bridge) or {@code xorriso}.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.handler.iso.internal;
