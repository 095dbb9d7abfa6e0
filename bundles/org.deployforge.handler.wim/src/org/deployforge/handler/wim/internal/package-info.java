/**
 * The WIM family handler: WIM, ESD (solid WIM), split WIM (SWM) and provisioning packages (PPKG), on wimlib.
 */
@org.eclipse.jdt.annotation.NonNullByDefault
package org.deployforge.handler.wim.internal;
