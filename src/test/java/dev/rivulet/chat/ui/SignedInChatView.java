package dev.rivulet.chat.ui;

import com.vaadin.flow.component.UI;
import dev.rivulet.testsupport.KaribuSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * For Karibu tests of the chat: before each test a new person is signed in with the chat view open,
 * after it Vaadin's mocks are torn down.
 *
 * <pre>{@code
 * @RegisterExtension
 * final SignedInChatView chat = new SignedInChatView(this::newUser);
 * }</pre>
 */
final class SignedInChatView implements BeforeEachCallback, AfterEachCallback {

    private final Supplier<String> newUser;
    private String username;

    SignedInChatView(Supplier<String> newUser) {
        this.newUser = newUser;
    }

    /** Who is signed in for the current test. */
    String username() {
        return username;
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        username = newUser.get();
        KaribuSupport.loginAndSetup(SpringExtension.getApplicationContext(extension), username);
        UI.getCurrent().navigate(ChatView.class);
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        KaribuSupport.tearDown();
    }
}
