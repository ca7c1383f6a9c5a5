/**
 * The app shell, the layout around every signed-in view, and the person's UI preferences. Exposed to
 * the feature modules so a view can put content into the drawer ({@code DrawerContent}) and read how
 * its person wants answers to arrive ({@code PersonalPreferences}).
 */
@NamedInterface("ui")
package dev.rivulet.base.ui;

import org.springframework.modulith.NamedInterface;
