package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.PartText;
import dev.rivulet.workflow.Workflow;
import dev.rivulet.workflow.WorkflowEvent;
import dev.rivulet.workflow.WorkflowInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Races in a run's end found by reading the code (issue 9), each forced with latches rather than
 * hoped for with sleeps.
 */
class RunEndRacesTest {

    static final Workflow TWO_NODES = new Workflow() {
        public String name() {
            return "two";
        }

        public String description() {
            return "two nodes";
        }

        public List<String> nodes() {
            return List.of("draft", "answer");
        }

        public List<List<String>> edges() {
            return List.of(List.of("__START__", "draft"), List.of("draft", "answer"), List.of("answer", "__END__"));
        }

        public String outputNode() {
            return "answer";
        }

        public Flux<WorkflowEvent> execute(WorkflowInput input) {
            return Flux.empty();
        }
    };

    private final ConversationService conversations = mock(ConversationService.class);
    private final RunRows rows = mock(RunRows.class);
    private final RunPersistence persistence = new RunPersistence(conversations, rows);
    /** What the database would hold for each node part: the last write wins. */
    private final Map<String, String> storedParts = new ConcurrentHashMap<>();

    private static ActiveRun newRun() {
        return new ActiveRun(UUID.randomUUID(), 1, UUID.randomUUID(), 7, TWO_NODES, "m", null, 100, System.nanoTime());
    }

    private void recordParts(List<PartText> parts) {
        parts.forEach(p -> storedParts.put(p.node(), p.content()));
    }

    /**
     * Before the fix a checkpoint checked "not ended", took its snapshot, and saved it without any
     * ordering against the end: when the end's save came in between, the older snapshot landed last
     * and overwrote the final parts.
     */
    @Test
    void aCheckpointInFlightCannotOverwriteTheFinalParts() throws Exception {
        CountDownLatch checkpointSaving = new CountDownLatch(1);
        CountDownLatch releaseCheckpoint = new CountDownLatch(1);
        doAnswer(call -> {
            checkpointSaving.countDown();
            releaseCheckpoint.await(5, TimeUnit.SECONDS);
            recordParts(call.getArgument(1));
            return true;
        }).when(conversations).checkpointParts(anyLong(), any());
        doAnswer(call -> {
            recordParts(call.getArgument(1));
            return null;
        }).when(conversations).saveParts(anyLong(), any());

        ActiveRun run = newRun();
        Sinks.Many<WorkflowEvent> events = Sinks.many().unicast().onBackpressureBuffer();
        AtomicReference<ActiveRun.Outcome> ended = new AtomicReference<>();
        run.execute(events.asFlux(), (r, outcome) -> ended.set(outcome));
        events.tryEmitNext(new WorkflowEvent.NodeStarted("draft"));
        events.tryEmitNext(new WorkflowEvent.Token("draft", "early "));

        Thread checkpoint = Thread.ofVirtual().start(() -> persistence.checkpointAll(List.of(run)));
        assertThat(checkpointSaving.await(5, TimeUnit.SECONDS)).isTrue(); // snapshot "early " taken, save under way

        events.tryEmitNext(new WorkflowEvent.Token("draft", "and final"));
        events.tryEmitNext(new WorkflowEvent.NodeFinished("draft", Map.of()));
        events.tryEmitComplete();
        assertThat(ended.get()).isNotNull();
        Thread end = Thread.ofVirtual().start(() -> persistence.saveEnd(run, ended.get(), Instant.now(), () -> {
        }));
        // The end either finished (the bug) or waits for the checkpoint to let go of the run (the fix).
        await().atMost(Duration.ofSeconds(5)).until(() -> !end.isAlive() || end.getState() == Thread.State.BLOCKED
                || end.getState() == Thread.State.WAITING);
        releaseCheckpoint.countDown();
        checkpoint.join(5000);
        end.join(5000);

        assertThat(storedParts).containsEntry("draft", "early and final");
    }

    /** Before the fix a failure saving the answer skipped the run row, which stayed {@code running}. */
    @Test
    void theRunRowEndsEvenWhenSavingTheAnswerFails() {
        doThrow(new IllegalStateException("unique constraint uk_message_parts_node"))
                .when(conversations).saveParts(anyLong(), any());
        CountDownLatch released = new CountDownLatch(1);

        ActiveRun run = newRun();
        AtomicReference<ActiveRun.Outcome> ended = new AtomicReference<>();
        run.execute(Flux.just(new WorkflowEvent.NodeStarted("answer"), new WorkflowEvent.Token("answer", "hi")),
                (r, outcome) -> ended.set(outcome));
        boolean saved = persistence.saveEnd(run, ended.get(), Instant.now(), released::countDown);

        assertThat(saved).isFalse();
        assertThat(released.getCount()).as("the conversation is freed").isZero();
        Mockito.verify(rows).finish(ArgumentMatchers.eq(run.id),
                ArgumentMatchers.eq(RunStatus.COMPLETED), any(), any(), any(), any());
    }

    /** A checkpoint after the end saves nothing: the end's text is the last word. */
    @Test
    void aCheckpointAfterTheEndSavesNothing() {
        ActiveRun run = newRun();
        run.execute(Flux.just(new WorkflowEvent.NodeStarted("answer"), new WorkflowEvent.Token("answer", "hi")),
                (r, outcome) -> {
                });
        persistence.checkpointAll(List.of(run));
        Mockito.verify(conversations).checkpoint(Map.of());
    }

    /**
     * Before the fix the time limit was registered after {@code execute}, so a run that ended inside
     * it (a workflow failing at once) found no limit to cancel, and the timer kept the entry for the
     * whole max duration.
     */
    @Test
    void aRunThatEndsAtOnceLeavesNoTimeLimitBehind() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        timer.setRemoveOnCancelPolicy(true);
        try {
            ActiveRun run = newRun();
            run.limitDuration(timer, Duration.ofMinutes(10), () -> {
            });
            assertThat(timer.getQueue()).hasSize(1);
            run.execute(Flux.error(new IllegalStateException("the workflow failed to start")), (r, outcome) -> {
            });
            assertThat(run.isEnded()).isTrue();
            assertThat(timer.getQueue()).as("the ended run's limit is gone").isEmpty();

            ActiveRun late = newRun();
            late.execute(Flux.error(new IllegalStateException("failed")), (r, outcome) -> {
            });
            late.limitDuration(timer, Duration.ofMinutes(10), () -> {
            });
            assertThat(timer.getQueue()).as("a limit armed after the end is dropped at once").isEmpty();
        } finally {
            timer.shutdownNow();
        }
    }
}
