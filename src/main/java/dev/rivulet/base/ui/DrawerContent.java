package dev.rivulet.base.ui;

import com.vaadin.flow.component.Component;

/**
 * A view that puts something of its own into the layout's drawer, under the navigation (the chat's
 * conversation list). The layout asks for it each time the view is shown, so the view never has to
 * find or call the layout.
 */
public interface DrawerContent {

    /** What goes into the drawer while this view is shown. */
    Component drawerContent();
}
