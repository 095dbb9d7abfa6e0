/** The p2 implementation of {@link org.deployforge.plugins.PluginService}. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.plugins.internal;
