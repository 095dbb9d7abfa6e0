/** The DeployForge workbench: identifiers other UI bundles and tests refer to. */
package org.deployforge.ui;
