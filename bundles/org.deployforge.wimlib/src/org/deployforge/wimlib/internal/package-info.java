/**
 * A small JNA binding to wimlib ({@code libwim.so.15}, Debian package {@code libwim15}), internal to DeployForge:
 * the natives ({@link org.deployforge.wimlib.internal.WimLib}), one open WIM ({@link org.deployforge.wimlib.internal.Wim}),
 * the thread every call for one WIM runs on ({@link org.deployforge.wimlib.internal.WimThread}), progress
 * ({@link org.deployforge.wimlib.internal.WimProgress}) and error mapping ({@link org.deployforge.wimlib.internal.WimErrors}).
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.wimlib.internal;
