package org.deployforge.ui.registry;

/** Identifiers of the Registry editor parts that other bundles and tests refer to. */
public final class RegistryUi {

	/** The Registry editor. */
	public static final String EDITOR_ID = "org.deployforge.ui.registry.editor";
	/** The content type of registry hive files (by name and by the {@code regf} signature). */
	public static final String HIVE_CONTENT_TYPE = "org.deployforge.ui.registry.hive";
	/** The job family of every job the Registry editor runs. */
	public static final Object JOB_FAMILY = RegistryUi.class;

	private RegistryUi() {
	}
}
