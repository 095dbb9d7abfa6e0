/**
 * Optional operations, asked for with {@link org.deployforge.core.Image#capability(Class)} (on an open image) or
 * {@link org.deployforge.core.ImageHandler#capability(Class)} (operations that create images), so front ends ask
 * rather than cast and refuse clearly when a format lacks an operation.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.core.capability;
