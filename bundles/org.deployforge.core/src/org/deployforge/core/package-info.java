/**
 * The headless image API of DeployForge: format handlers ({@link org.deployforge.core.ImageHandler}),
 * open image sessions ({@link org.deployforge.core.Image}), the files of one image index
 * ({@link org.deployforge.core.ImageTree}), the records describing them, and the whiteboard
 * {@link org.deployforge.core.ImageService} that picks a handler for a file.
 * <p>
 * Paths inside images are always written with {@code /} and start at the image root
 * ({@code /Windows/System32}); {@link org.deployforge.core.ImagePath} parses every other form.
 * Sizes are in bytes and times are {@link java.time.Instant}s (converted by handlers from
 * 100 ns FILETIME, ISO 9660 or UDF timestamps).
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.core;
