package org.deployforge.ui.images.internal;

import org.deployforge.ui.images.OpenableEntry;
import org.eclipse.core.resources.IFile;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.IPersistableElement;
import org.eclipse.ui.part.FileEditorInput;

/**
 * The input of an image editor on a work copy of an image inside another image: the linked work file, and the entry
 * of the parent it came from (named "install.wim (in Win11.iso)"). Not persisted: the work copy lives only as long
 * as its parent editor.
 */
public final class NestedImageInput extends FileEditorInput {

	private final OpenableEntry entry;

	NestedImageInput(IFile workCopy, OpenableEntry entry) {
		super(workCopy);
		this.entry = entry;
	}

	/** @return the entry of the parent image this work copy replaces on save */
	public OpenableEntry entry() {
		return entry;
	}

	@Override
	public String getName() {
		return entry.name() + " (in " + entry.imageName() + ")";
	}

	@Override
	public String getToolTipText() {
		return entry.imageName() + " \u203a " + entry.path() + " (work copy: " + getPath().toOSString() + ")";
	}

	@Override
	public @Nullable IPersistableElement getPersistable() {
		return null;
	}
}
