package dev.rivulet.redaction;

import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/** Markers the log redaction honours. */
public final class LogMarkers {

    /**
     * A line whose secret is meant for the operator's eyes, once: the first admin's generated
     * password. The redacting converter leaves such a line as it is; use it for nothing else.
     */
    public static final Marker SHOWN_ONCE = MarkerFactory.getMarker("RIVULET_SHOWN_ONCE");

    private LogMarkers() {
    }
}
