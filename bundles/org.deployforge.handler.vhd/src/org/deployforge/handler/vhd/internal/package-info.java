/**
 * The VHD/VHDX image handler: the DS component, the open-image session, the partition folders and the NTFS access
 * through qemu-storage-daemon (FUSE export of a partition as a plain file) and ntfs-3g.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.handler.vhd.internal;
