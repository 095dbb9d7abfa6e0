/** Implementation of the image workbench parts; not API. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.ui.images.internal;
