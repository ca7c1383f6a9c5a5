package dev.rivulet.chat.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.notification.Notification;
import dev.rivulet.chat.BusyProperties;
import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * Messages sent while an answer is being written: {@code rivulet.runs.on-busy} says what happens to
 * them (refused, the answer stopped for them, or queued), the person is told, and the ones waiting
 * are listed above the input.
 */
class WaitingMessages extends Div {

    private final Composer composer;
    private final RunFollower follower;
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private BusyProperties.OnBusy onBusy;

    WaitingMessages(BusyProperties.OnBusy onBusy, Composer composer, RunFollower follower) {
        this.onBusy = onBusy;
        this.composer = composer;
        this.follower = follower;
        setId("queued-messages");
        addClassName("rivulet-queued");
        setVisible(false);
    }

    /** For tests: the on-busy strategy (normally {@code rivulet.runs.on-busy}). */
    void onBusy(BusyProperties.OnBusy strategy) {
        this.onBusy = strategy;
    }

    /** A message sent while the answer streams. */
    void sendWhileBusy(String text) {
        switch (onBusy) {
            case REJECT -> busyNotice("An answer is still being written. Stop it (Escape) or wait for it, "
                    + "then send again; your message stays in the box.");
            case INTERRUPT -> {
                waiting.clear();
                waiting.add(text);
                composer.clearInput();
                follower.stop();
                busyNotice("Stopped the answer being written (its text is kept) to answer your new message.");
            }
            case ENQUEUE -> {
                if (waiting.size() >= BusyProperties.MAX_QUEUED) {
                    busyNotice("Already " + waiting.size() + " messages waiting; send this one when they are answered.");
                    return;
                }
                waiting.add(text);
                composer.clearInput();
                busyNotice("Queued: sent when the answer being written ends (" + waiting.size() + " waiting).");
            }
        }
        showWaiting();
    }

    /** Nothing waits any more (another conversation is shown). */
    void clear() {
        waiting.clear();
        showWaiting();
    }

    /** After an answer ended: the next message waiting, if any, handed to {@code start} (false: not started). */
    void sendNext(Predicate<String> start) {
        if (waiting.isEmpty() || follower.following()) {
            return;
        }
        String next = waiting.removeFirst();
        showWaiting();
        if (!start.test(next)) {
            waiting.clear();
            showWaiting();
            composer.restore(next); // not lost: back in the box, with the reason shown
        }
    }

    private void busyNotice(String message) {
        Notification notification = Notification.show(message, 5000, Notification.Position.BOTTOM_CENTER);
        notification.setId("busy-notice");
    }

    private void showWaiting() {
        setText(waiting.isEmpty() ? "" : "Waiting to be sent: " + String.join(" · ", waiting.stream()
                .map(t -> t.length() > 40 ? t.substring(0, 39) + "…" : t).toList()));
        setVisible(!waiting.isEmpty());
    }
}
