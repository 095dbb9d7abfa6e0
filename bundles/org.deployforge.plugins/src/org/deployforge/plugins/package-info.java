/** Installing and removing DeployForge features (handler plug-ins) from p2 update sites while the program runs. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.plugins;
