package dev.rivulet.conversation;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface MessagePartRepository extends JpaRepository<MessagePart, Long> {

    List<MessagePart> findByMessageIdOrderByPositionAsc(Long messageId);

    List<MessagePart> findByMessageIdInOrderByMessageIdAscPositionAsc(Collection<Long> messageIds);
}
