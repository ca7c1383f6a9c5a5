package dev.rivulet.run;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Read-only queries over {@link RunRecord} for {@link RunHistory}; nothing here writes. */
interface RunHistoryRepository extends Repository<RunRecord, UUID>, JpaSpecificationExecutor<RunRecord> {

    Optional<RunRecord> findById(UUID id);


    @Query("select distinct r.model from RunRecord r order by r.model")
    List<String> findDistinctModels();

    @Query("select distinct r.workflow from RunRecord r order by r.workflow")
    List<String> findDistinctWorkflows();
}
