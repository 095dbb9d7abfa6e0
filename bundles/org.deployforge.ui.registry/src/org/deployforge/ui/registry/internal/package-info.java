/** The Registry editor, its dialogs, the hive content describer and the image entry opener. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.ui.registry.internal;
