package org.deployforge.tests.ui;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.DropTargetListener;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.dnd.TransferData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.Assertions;

/**
 * Drops host files onto a control the way a file manager's drag does, without a real drag (Xvfb has no file manager):
 * the {@link DropTarget} the control installed gets {@code dragEnter}, {@code dragOver}, {@code dropAccept} and
 * {@code drop} with {@link FileTransfer} data, as SWT would send them. Works for plain {@link DropTargetListener}s and
 * for JFace {@code ViewerDropAdapter}s (the event carries the item and its screen position).
 */
public final class Drops {

	private Drops() {
	}

	/**
	 * Drops {@code files} on {@code item} (null: the control's empty area) of {@code control}.
	 *
	 * @return the operation the drop target chose ({@code DND.DROP_COPY}, …); the test fails when it refused the drop
	 */
	public static int dropFiles(Control control, TreeItem item, List<Path> files) {
		DropTarget target = (DropTarget) control.getData(DND.DROP_TARGET_KEY);
		Assertions.assertNotNull(target, control + " is no drop target");
		TransferData type = null;
		for (Transfer transfer : target.getTransfer()) {
			if (transfer instanceof FileTransfer fileTransfer) {
				type = fileTransfer.getSupportedTypes()[0];
			}
		}
		Assertions.assertNotNull(type, "the drop target does not take files");
		Point at;
		if (item != null) {
			Rectangle bounds = item.getBounds();
			at = control.toDisplay(bounds.x + Math.min(20, bounds.width / 2), bounds.y + bounds.height / 2);
		} else {
			Rectangle area = control.getBounds();
			at = control.getParent().toDisplay(area.x + area.width / 2, area.y + area.height - 5);
		}
		DropTargetEvent event = event(target, item, at, type);
		DropTargetListener[] listeners = target.getDropListeners();
		for (DropTargetListener listener : listeners) {
			listener.dragEnter(event);
		}
		for (DropTargetListener listener : listeners) {
			listener.dragOver(event);
		}
		Assertions.assertNotEquals(DND.DROP_NONE, event.detail, "the drop target refused the files");
		for (DropTargetListener listener : listeners) {
			listener.dropAccept(event);
		}
		event.data = files.stream().map(path -> path.toAbsolutePath().toString()).toArray(String[]::new);
		int operation = event.detail;
		for (DropTargetListener listener : listeners) {
			listener.drop(event);
		}
		UiHarness.processEvents();
		return operation;
	}

	/** Builds the event SWT would pass (its constructor takes SWT's package-private DNDEvent). */
	private static DropTargetEvent event(DropTarget target, TreeItem item, Point at, TransferData type) {
		try {
			Class<?> dndEventClass = Class.forName("org.eclipse.swt.dnd.DNDEvent", true,
					DropTarget.class.getClassLoader());
			Constructor<?> constructor = dndEventClass.getDeclaredConstructor();
			constructor.setAccessible(true);
			Event raw = (Event) constructor.newInstance();
			raw.widget = target;
			raw.display = target.getDisplay();
			raw.time = (int) System.currentTimeMillis();
			raw.item = item;
			raw.x = at.x;
			raw.y = at.y;
			raw.detail = DND.DROP_COPY;
			raw.doit = true;
			set(dndEventClass, raw, "dataType", type);
			set(dndEventClass, raw, "dataTypes", new TransferData[] { type });
			set(dndEventClass, raw, "operations", DND.DROP_COPY | DND.DROP_MOVE | DND.DROP_LINK);
			set(dndEventClass, raw, "feedback", DND.FEEDBACK_SELECT);
			return DropTargetEvent.class.getConstructor(dndEventClass).newInstance(raw);
		} catch (ReflectiveOperationException e) {
			throw new AssertionError("cannot build a drop event on this SWT", e);
		}
	}

	private static void set(Class<?> type, Object target, String name, Object value)
			throws ReflectiveOperationException {
		Field field = type.getDeclaredField(name);
		field.setAccessible(true);
		field.set(target, value);
	}
}
