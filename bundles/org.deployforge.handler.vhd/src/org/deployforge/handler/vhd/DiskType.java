package org.deployforge.handler.vhd;

/**
 * How a virtual disk stores its blocks ([VHD] footer field "Disk Type": 2 fixed, 3 dynamic, 4 differencing; [MS-VHDX]
 * §2.6.2.1 File Parameters: LeaveBlocksAllocated marks a fixed VHDX, HasParent a differencing one).
 */
public enum DiskType {
	/** every block is allocated in the file, in order */
	FIXED("fixed"),
	/** blocks are allocated on first write; unallocated blocks read as zeros */
	DYNAMIC("dynamic"),
	/** blocks not present in the file are read from the parent disk */
	DIFFERENCING("differencing");

	private final String label;

	DiskType(String label) {
		this.label = label;
	}

	/** @return "fixed", "dynamic" or "differencing" */
	public String label() {
		return label;
	}
}
