/** A small read-only image handler shared by the tests of the service and of the command line. */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.tests.common.archive;
