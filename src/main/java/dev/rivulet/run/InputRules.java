package dev.rivulet.run;

import dev.rivulet.base.InvalidInputException;
import org.springframework.stereotype.Component;

/** Checks a message before it reaches the model; the same rules for the browser and the API. */
@Component
public class InputRules {

    private final ChatProperties properties;

    InputRules(ChatProperties properties) {
        this.properties = properties;
    }

    public int maxInputChars() {
        return properties.maxInputChars();
    }

    /** @throws InvalidInputException saying what to change */
    public String check(String content) {
        if (content == null || content.isBlank()) {
            throw new InvalidInputException("The message is empty. Type something to send.");
        }
        if (content.length() > properties.maxInputChars()) {
            throw new InvalidInputException("The message has " + content.length() + " characters; the limit is "
                    + properties.maxInputChars() + ". Shorten it or split it into several messages.");
        }
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw new InvalidInputException("The message contains a control character (U+"
                        + String.format("%04X", (int) c) + ") at position " + (i + 1) + ". Remove it and send again.");
            }
        }
        return content.strip();
    }
}
