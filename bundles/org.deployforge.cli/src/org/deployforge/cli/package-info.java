/**
 * The command line's entry point for other bundles and tests: {@link org.deployforge.cli.DeployForgeCli}.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.cli;
