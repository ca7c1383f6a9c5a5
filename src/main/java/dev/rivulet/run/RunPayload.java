package dev.rivulet.run;

import java.util.UUID;

/** The {@code run} event: the run started, with what it runs and the settings it was given. */
public record RunPayload(UUID runId, UUID conversationId, String workflow, String model, Settings settings)
        implements RunEvent.Payload {

    /** The model settings of the run; null when the conversation left one to the model's default. */
    public record Settings(Double temperature, Integer maxTokens) {
    }

    static RunPayload of(ActiveRun run) {
        return new RunPayload(run.id, run.conversationId, run.workflow.name(), run.model,
                new Settings(run.temperature, run.maxTokens));
    }

    /** A finished run rebuilt from its saved row. */
    static RunPayload of(RunRecord record) {
        return new RunPayload(record.getId(), record.getConversationId(), record.getWorkflow(), record.getModel(),
                new Settings(record.getTemperature(), record.getMaxTokens()));
    }
}
