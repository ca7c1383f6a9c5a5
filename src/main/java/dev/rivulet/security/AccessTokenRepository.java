package dev.rivulet.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

interface AccessTokenRepository extends JpaRepository<AccessToken, Long> {

    Optional<AccessToken> findByTokenHash(String tokenHash);

    List<AccessToken> findByUserIdOrderByCreatedAtDesc(Long userId);

    Optional<AccessToken> findByIdAndUserId(Long id, Long userId);

    @Modifying
    @Query("delete from AccessToken t where t.userId = :userId")
    int deleteByUser(@Param("userId") long userId);

    /**
     * Records a use at {@code when} unless one was recorded after {@code notBefore}; the condition in
     * the statement keeps it to one write per interval even with several instances on one database.
     */
    @Transactional
    @Modifying
    @Query("update AccessToken t set t.lastUsedAt = :when where t.id = :id "
            + "and (t.lastUsedAt is null or t.lastUsedAt < :notBefore)")
    int recordUse(@Param("id") long id, @Param("when") Instant when, @Param("notBefore") Instant notBefore);
}
