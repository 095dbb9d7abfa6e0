/**
 * Offline Windows registry hives: open a hive file ({@link org.deployforge.registry.Hive}, backed by hivex through
 * JNA), read and change keys and values of every type ({@link org.deployforge.registry.RegValue}), commit atomically
 * with read-back, create an empty hive ({@link org.deployforge.registry.EmptyHive}), import and export regedit
 * {@code .reg} files ({@link org.deployforge.registry.RegFile}) and reach hives inside images
 * ({@link org.deployforge.registry.ImageHive}).
 * <p>
 * Key paths are relative to the hive root and written with {@code \} ({@code Microsoft\Windows\CurrentVersion});
 * look-ups are case-insensitive, as in Windows. Times are {@link java.time.Instant}s converted from 100 ns FILETIME.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.registry;
