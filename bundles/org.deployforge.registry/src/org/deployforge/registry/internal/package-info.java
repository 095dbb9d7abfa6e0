/** Internals of the registry bundle: the hivex binding and the regf structure reader. Not API. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.registry.internal;
