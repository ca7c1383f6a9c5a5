package dev.rivulet.chat.ui;

import com.vaadin.flow.component.messages.MessageList;
import com.vaadin.flow.component.messages.MessageListItem;
import java.util.ArrayList;
import java.util.List;

/** The messages of a {@link MessageList} as a person reads them: a long answer's continuation items joined in order. */
final class MessageTexts {

    private MessageTexts() {
    }

    static List<String> of(MessageList list) {
        List<String> texts = new ArrayList<>();
        for (MessageListItem item : list.getItems()) {
            String text = item.getText() == null ? "" : item.getText();
            if (item.hasClassName("continuation") && !texts.isEmpty()) {
                texts.set(texts.size() - 1, texts.getLast() + text);
            } else {
                texts.add(text);
            }
        }
        return texts;
    }
}
