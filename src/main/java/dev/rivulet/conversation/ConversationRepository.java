package dev.rivulet.conversation;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ConversationRepository extends JpaRepository<Conversation, UUID> {

    List<Conversation> findByOwnerIdAndDeletedAtIsNullOrderByUpdatedAtDesc(Long ownerId);

    Optional<Conversation> findByIdAndOwnerId(UUID id, Long ownerId);
}
