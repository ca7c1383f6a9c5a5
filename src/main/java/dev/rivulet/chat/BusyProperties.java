package dev.rivulet.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the chat does with a message sent while the conversation's answer is still being written
 * ({@code rivulet.runs.on-busy}), after LangGraph's multitask strategies: {@code reject} it (the
 * person is told to stop or wait; the text stays in the box), {@code interrupt} the answer (it ends
 * {@code cancelled}, its text kept) and answer the new message, or {@code enqueue} it to be sent when
 * the answer ends (at most {@link #MAX_QUEUED} per tab). The HTTP API keeps answering {@code 409}
 * whatever the setting, so its clients choose their own strategy.
 */
@ConfigurationProperties(prefix = "rivulet.runs")
public record BusyProperties(@DefaultValue("reject") OnBusy onBusy) {

    public static final int MAX_QUEUED = 3;

    public enum OnBusy { REJECT, INTERRUPT, ENQUEUE }
}
