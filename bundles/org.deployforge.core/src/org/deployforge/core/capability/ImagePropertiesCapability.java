package org.deployforge.core.capability;

import org.deployforge.core.ImageException;

/**
 * Change an image index's name, description and XML properties, and the boot index (wimlib
 * {@code wimlib_set_image_name}, {@code wimlib_set_image_descripton}, {@code wimlib_set_image_property},
 * {@code wimlib_set_wim_info}). Changes are staged like file changes and written by the image's commit.
 */
public interface ImagePropertiesCapability extends ImageCapability {

	void setName(int index, String name) throws ImageException;

	void setDescription(int index, String description) throws ImageException;

	/**
	 * @param key   an XML property path, e.g. {@code FLAGS} or {@code WINDOWS/EDITIONID}
	 * @param value the new value; empty removes the property
	 */
	void setProperty(int index, String key, String value) throws ImageException;

	/** @param index the new boot index, 0 for none */
	void setBootIndex(int index) throws ImageException;
}
