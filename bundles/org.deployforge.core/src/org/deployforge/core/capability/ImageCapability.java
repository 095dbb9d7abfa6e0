package org.deployforge.core.capability;

/** Marker of operations offered by some open images ({@link org.deployforge.core.Image#capability(Class)}). */
public interface ImageCapability {
}
