/**
 * Identifiers of the DeployForge image workbench parts (editor, wizards, navigator content), and the
 * {@link org.deployforge.ui.images.EntryOpener} service through which other editors open entries of an image.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.ui.images;
