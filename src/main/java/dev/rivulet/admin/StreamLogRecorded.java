package dev.rivulet.admin;

import java.util.UUID;

/**
 * A run's end has been recorded by this module: its stream log is stored ({@code stored}), or could not
 * be (logged). Published in the recorder's transaction, so listeners after its commit find the log.
 */
record StreamLogRecorded(UUID runId, boolean stored) {
}
