package dev.rivulet.workflow;

import dev.rivulet.testsupport.ChatRequestSeen;

/** Lets tests outside this package tell which built-in node sent a model request. */
public final class WorkflowTestSupport {

    private WorkflowTestSupport() {
    }

    public static String nodeOf(ChatRequestSeen request) {
        return WorkflowIntegrationTest.nodeOf(request);
    }
}
