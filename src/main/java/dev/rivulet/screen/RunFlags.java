package dev.rivulet.screen;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What the screens said about a run ({@code run_flags}): {@code prompt-injection:<rule>}, a guard
 * model's verdict. Written once the run exists; read by the admin views and API.
 */
@Service
public class RunFlags {

    private static final Logger log = LoggerFactory.getLogger(RunFlags.class);

    private final JdbcTemplate jdbc;

    RunFlags(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records flags on a run. A failure is logged, never passed on: the run goes on without them. */
    public void add(UUID runId, List<String> flags) {
        try {
            jdbc.batchUpdate("insert into run_flags (run_id, flag) values (?, ?)",
                    flags.stream().distinct().map(f -> new Object[] {runId, f}).toList());
        } catch (RuntimeException e) {
            log.warn("Could not record the flags {} of run {}: {}", flags, runId, e.toString());
        }
    }

    /** The flags of each of these runs that has any, in the order they were recorded. */
    public Map<UUID, List<String>> of(Collection<UUID> runIds) {
        Map<UUID, List<String>> flags = new HashMap<>();
        if (runIds.isEmpty()) {
            return flags;
        }
        List<UUID> ids = List.copyOf(runIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            jdbc.query("select run_id, flag from run_flags where run_id in (" + marks + ") order by id",
                    rs -> {
                        flags.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getString(2));
                    }, chunk.toArray());
        }
        return flags;
    }

    public List<String> of(UUID runId) {
        return of(List.of(runId)).getOrDefault(runId, List.of());
    }
}
