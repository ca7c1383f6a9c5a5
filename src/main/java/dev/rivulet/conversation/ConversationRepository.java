package dev.rivulet.conversation;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ConversationRepository extends JpaRepository<ConversationEntity, UUID> {

    List<ConversationEntity> findByOwnerIdAndDeletedAtIsNullOrderByUpdatedAtDesc(Long ownerId);

    Optional<ConversationEntity> findByIdAndOwnerId(UUID id, Long ownerId);
}
