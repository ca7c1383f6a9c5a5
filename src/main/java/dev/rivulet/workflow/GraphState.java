package dev.rivulet.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable snapshot of a graph's state: one value per channel. */
final class GraphState {

    private final Map<String, Object> values;

    private GraphState(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    static GraphState of(Map<String, Object> values) {
        return new GraphState(new LinkedHashMap<>(values));
    }

    /** A new state with {@code update} folded in, each key through its channel's reducer. */
    GraphState apply(Map<String, Object> update, Map<String, Channel> channels) {
        if (update.isEmpty()) {
            return this;
        }
        Map<String, Object> next = new LinkedHashMap<>(values);
        update.forEach((key, value) ->
                next.put(key, channels.getOrDefault(key, Channel.lastValue()).reduce(next.get(key), value)));
        return new GraphState(next);
    }

    Object get(String channel) {
        return values.get(channel);
    }

    /** The channel's value as text; "" when it was never written. */
    String text(String channel) {
        Object value = values.get(channel);
        return value == null ? "" : value.toString();
    }

    /** The channel's value as a list; empty when it was never written. */
    List<?> list(String channel) {
        Object value = values.get(channel);
        return value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
    }

    Map<String, Object> values() {
        return values;
    }

    @Override
    public String toString() {
        return "GraphState" + values;
    }
}
