package org.deployforge.core.capability;

/** Marker of operations a handler offers without an open image ({@link org.deployforge.core.ImageHandler#capability(Class)}). */
public interface HandlerCapability {
}
