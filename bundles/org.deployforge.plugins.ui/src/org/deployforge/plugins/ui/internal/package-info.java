/** The workbench dialog for installing and removing DeployForge plug-ins. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.plugins.ui.internal;
