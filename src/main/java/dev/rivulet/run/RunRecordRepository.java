package dev.rivulet.run;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RunRecordRepository extends JpaRepository<RunRecord, UUID> {

    Optional<RunRecord> findByIdAndUserId(UUID id, Long userId);

    @Modifying
    @Query("update RunRecord r set r.status = dev.rivulet.run.RunStatus.INTERRUPTED, r.endedAt = :now, "
            + "r.errorTitle = 'Interrupted', r.errorDetail = 'The server stopped during this run.' "
            + "where r.status = dev.rivulet.run.RunStatus.RUNNING")
    int markRunningAsInterrupted(Instant now);
}
