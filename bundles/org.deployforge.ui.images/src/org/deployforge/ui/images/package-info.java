/** Identifiers of the DeployForge image workbench parts (editor, wizards, navigator content). */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.ui.images;
