package dev.rivulet.conversation;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface MessagePartRepository extends JpaRepository<MessagePartEntity, Long> {

    List<MessagePartEntity> findByMessageIdOrderByPositionAsc(Long messageId);

    List<MessagePartEntity> findByMessageIdInOrderByMessageIdAscPositionAsc(Collection<Long> messageIds);
}
