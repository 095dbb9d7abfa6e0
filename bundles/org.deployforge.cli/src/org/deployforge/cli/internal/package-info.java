/**
 * The commands of {@code deployforge} (picocli), their output formats (human tables, {@code --json}) and the console
 * progress monitor. Commands reach images only through the {@link org.deployforge.core.ImageService} and ask for
 * optional operations with {@code capability(Class)}, so they work with every handler installed.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.cli.internal;
