package dev.rivulet.run;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RunRecordRepository extends JpaRepository<RunRecord, UUID> {

    Optional<RunRecord> findByIdAndUserId(UUID id, Long userId);

    /** One statement per tick for all of an instance's runs, never one per run or per token. */
    @Modifying
    @Query("update RunRecord r set r.heartbeatAt = :now "
            + "where r.instanceId = :instanceId and r.status = dev.rivulet.run.RunStatus.RUNNING")
    int heartbeat(String instanceId, Instant now);

    /** Runs still {@code running} whose owner (not this instance) stopped refreshing their heartbeat. */
    @Query("select r from RunRecord r where r.status = dev.rivulet.run.RunStatus.RUNNING "
            + "and (r.instanceId is null or r.instanceId <> :instanceId) "
            + "and (r.heartbeatAt is null or r.heartbeatAt < :staleBefore)")
    List<RunRecord> findAbandoned(String instanceId, Instant staleBefore);

    @Modifying
    @Query("update RunRecord r set r.status = dev.rivulet.run.RunStatus.INTERRUPTED, r.endedAt = :now, "
            + "r.activeConversationId = null, "
            + "r.errorTitle = 'Interrupted', r.errorDetail = 'The server running this answer stopped.' "
            + "where r.id in :ids and r.status = dev.rivulet.run.RunStatus.RUNNING")
    int markInterrupted(Collection<UUID> ids, Instant now);
}
