/** The read-only CAB/MSU handler: own parse of [MS-CAB] structures, data through {@code cabextract}. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.handler.cab.internal;
