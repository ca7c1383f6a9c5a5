package dev.rivulet.conversation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ChatMessageRepository extends JpaRepository<MessageEntity, Long> {

    List<MessageEntity> findByConversationIdOrderByIdAsc(UUID conversationId);

    @Modifying
    @Query("update MessageEntity m set m.status = dev.rivulet.conversation.MessageStatus.INTERRUPTED, "
            + "m.errorTitle = :title, m.errorDetail = :detail, m.updatedAt = :now "
            + "where m.status = dev.rivulet.conversation.MessageStatus.STREAMING")
    int markStreamingAsInterrupted(String title, String detail, Instant now);

    @Modifying
    @Query("update MessageEntity m set m.status = dev.rivulet.conversation.MessageStatus.INTERRUPTED, "
            + "m.errorTitle = :title, m.errorDetail = :detail, m.updatedAt = :now "
            + "where m.id in :ids and m.status = dev.rivulet.conversation.MessageStatus.STREAMING")
    int markInterrupted(Collection<Long> ids, String title, String detail, Instant now);

    @Query("select m.status from MessageEntity m where m.id = :id")
    Optional<MessageStatus> findStatus(Long id);

}
