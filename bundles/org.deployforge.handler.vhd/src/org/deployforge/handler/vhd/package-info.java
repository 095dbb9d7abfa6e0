/**
 * DeployForge's own reader of virtual disks: VHD (fixed, dynamic, differencing) and VHDX, a random-access read-only
 * block view of the virtual disk ({@link org.deployforge.handler.vhd.VirtualDisk}), the partition tables inside it
 * (MBR and GPT, {@link org.deployforge.handler.vhd.PartitionTable}) and the file system of each partition found by
 * its boot sector ({@link org.deployforge.handler.vhd.FileSystemType}).
 * <p>
 * Sources: Microsoft "Virtual Hard Disk Image Format Specification" 1.0 (2006), cited as [VHD]; [MS-VHDX] "Virtual
 * Hard Disk v2 (VHDX) File Format" v20160714, cited by section; UEFI 2.10 §5 (GPT) and the IBM PC MBR layout.
 * Every offset and size is in bytes unless the name says sectors; multi-byte fields of VHD are big-endian, those of
 * VHDX, GPT and MBR little-endian.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.handler.vhd;
