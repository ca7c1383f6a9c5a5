package dev.rivulet.run;

import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only access to recorded runs for other features (the admin dashboard and run list). It
 * never changes a run; rows are plain records, so callers cannot reach the entity or repository.
 */
@Service
@Transactional(readOnly = true)
public class RunHistory {

    private final RunHistoryRepository runs;

    RunHistory(RunHistoryRepository runs) {
        this.runs = runs;
    }

    /** Runs matching the query, newest first. */
    public List<RunRow> find(RunQuery query) {
        Specification<RunRecord> spec = (root, cq, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (query.userId() != null) {
                where.add(cb.equal(root.get("userId"), query.userId()));
            }
            if (query.model() != null) {
                where.add(cb.equal(root.get("model"), query.model()));
            }
            if (query.workflow() != null) {
                where.add(cb.equal(root.get("workflow"), query.workflow()));
            }
            if (query.status() != null) {
                where.add(cb.equal(root.get("status"), query.status()));
            }
            if (query.from() != null) {
                where.add(cb.greaterThanOrEqualTo(root.<Instant>get("startedAt"), query.from()));
            }
            if (query.to() != null) {
                where.add(cb.lessThan(root.<Instant>get("startedAt"), query.to()));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
        return runs.findAll(spec, PageRequest.of(0, query.limit(), Sort.by(Sort.Direction.DESC, "startedAt")))
                .map(RunRow::of).toList();
    }

    /** One run, if it exists. */
    public Optional<RunRow> find(UUID runId) {
        return runs.findById(runId).map(RunRow::of);
    }

    /** Every model that has runs, for filter choices. */
    public List<String> models() {
        return runs.findDistinctModels();
    }

    /** Every workflow that has runs, for filter choices. */
    public List<String> workflows() {
        return runs.findDistinctWorkflows();
    }
}
