/** Identifiers of the DeployForge Registry editor that other bundles and tests refer to. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.ui.registry;
