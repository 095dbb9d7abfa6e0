/** Deployment projects in the Eclipse workspace, shared by the workbench, the command line and the server. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.workspace;
