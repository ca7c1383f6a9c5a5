package dev.rivulet.workflow;

import dev.rivulet.model.ModelRequest;
import dev.rivulet.screen.GuardModel;
import dev.rivulet.screen.GuardVerdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * {@code moderate}: asks the guard model about the person's last message before any other node runs.
 * It writes no text (the guard's output is a verdict, not part of the answer) and passes on no model
 * summary (the guard's tokens are not the answer's). Its update is the verdict, a flag for the run
 * and, when unsafe, the refusal; the entry check after it then ends the graph. A guard that cannot
 * answer fails the node, and with it the run (fail closed).
 */
final class ModerateNode implements NodeAction {

    static final String MODERATION = "moderation";

    private final GuardModel guard;
    private final String model;

    ModerateNode(GuardModel guard) {
        this.guard = guard;
        this.model = guard.model().orElseThrow();
    }

    @Override
    public Flux<NodeOutput> run(GraphState state, WorkflowInput input) {
        return guard.check(lastUserMessage(input.history()), input.policy())
                .<NodeOutput>map(verdict -> new NodeOutput.Update(update(verdict))).flux();
    }

    /** The entry check's route: on to the workflow's nodes unless the message was refused. */
    static boolean answered(GraphState state) {
        return state.get(Workflow.REFUSAL) == null;
    }

    private Map<String, Object> update(GuardVerdict verdict) {
        Map<String, Object> moderation = new LinkedHashMap<>();
        moderation.put("model", model);
        moderation.put("verdict", verdict.safe() ? "safe" : "unsafe");
        if (!verdict.safe()) {
            moderation.put("categories", verdict.categories());
        }
        Map<String, Object> update = new LinkedHashMap<>();
        update.put(MODERATION, moderation);
        update.put(Workflow.FLAGS, List.of(verdict.flag()));
        if (!verdict.safe()) {
            update.put(Workflow.REFUSAL, Map.of("title", "Refused by the guard model", "detail", verdict.refusal()));
        }
        return update;
    }

    /** The message being answered: the conversation ends with it (a retry answers it again). */
    private static String lastUserMessage(List<ModelRequest.Turn> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).role().equals("user")) {
                return history.get(i).content();
            }
        }
        return "";
    }
}
