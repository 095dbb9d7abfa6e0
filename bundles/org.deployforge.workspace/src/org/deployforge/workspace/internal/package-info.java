/** Implementation of the workspace support; not API. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.workspace.internal;
