package dev.rivulet.run;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Read-only queries over {@link RunRecord} for {@link RunHistory}; nothing here writes. */
interface RunHistoryRepository extends Repository<RunRecord, UUID>, JpaSpecificationExecutor<RunRecord> {

    java.util.Optional<RunRecord> findById(UUID id);

    @Query("select r from RunRecord r where r.startedAt >= :from and r.startedAt < :to "
            + "and r.status <> dev.rivulet.run.RunStatus.RUNNING order by r.startedAt")
    List<RunRecord> findEndedStartedBetween(Instant from, Instant to);

    @Query("select distinct r.model from RunRecord r order by r.model")
    List<String> findDistinctModels();

    @Query("select distinct r.workflow from RunRecord r order by r.workflow")
    List<String> findDistinctWorkflows();
}
