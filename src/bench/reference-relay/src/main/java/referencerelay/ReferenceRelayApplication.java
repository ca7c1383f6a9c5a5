package referencerelay;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * The reference relay of the load benchmark: Spring AI's {@code ChatClient.stream()} straight into a
 * Server-Sent Events response, the way the Spring AI documentation and most tutorials show it. No
 * database, no security, no run engine: one HTTP request in, the model's tokens out as they come.
 *
 * <p>{@code GET /chat?message=...} answers {@code text/event-stream}; each event is
 * {@code event:token} with {@code data:{"text":"..."}} (JSON, so that a token's leading space
 * survives SSE's "one space after the colon" rule); the stream ends when the model's answer does.
 */
@SpringBootApplication
public class ReferenceRelayApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReferenceRelayApplication.class, args);
    }

    @RestController
    static class ChatController {

        record Token(String text) {
        }

        private final ChatClient chatClient;

        ChatController(ChatClient.Builder builder) {
            this.chatClient = builder.build();
        }

        @GetMapping(path = "/chat", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
        Flux<ServerSentEvent<Token>> chat(@RequestParam String message) {
            return chatClient.prompt()
                    .user(message)
                    .stream()
                    .content()
                    .map(text -> ServerSentEvent.builder(new Token(text)).event("token").build());
        }
    }
}
