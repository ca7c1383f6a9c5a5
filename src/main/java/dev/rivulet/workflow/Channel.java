package dev.rivulet.workflow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * How a state channel combines its current value with a node's update (LangGraph's reducer).
 * Channels not declared in a graph keep the last value written.
 */
@FunctionalInterface
interface Channel {

    /** @param current the channel's value so far, null when never written */
    Object reduce(Object current, Object update);

    /** The update replaces the value. */
    static Channel lastValue() {
        return (current, update) -> update;
    }

    /** A list that grows: an update is a collection of elements to append, or one element. */
    static Channel appender() {
        return (current, update) -> {
            List<Object> list = new ArrayList<>();
            if (current instanceof Collection<?> existing) {
                list.addAll(existing);
            }
            if (update instanceof Collection<?> added) {
                list.addAll(added);
            } else if (update != null) {
                list.add(update);
            }
            return Collections.unmodifiableList(list);
        };
    }
}
