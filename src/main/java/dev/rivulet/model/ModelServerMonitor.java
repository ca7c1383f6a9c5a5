package dev.rivulet.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Service;

/**
 * Asks the model server for its version, with a short timeout, and remembers the answer for a few
 * seconds so health checks and page loads do not hammer it.
 */
@Service
public class ModelServerMonitor {

    private static final Duration CACHE_FOR = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ModelSettings settings;
    private final ModelErrorTranslator errors;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final AtomicReference<Probe> last = new AtomicReference<>();

    private record Probe(ModelServerStatus status, Instant at) {
    }

    ModelServerMonitor(ModelSettings settings, ModelErrorTranslator errors) {
        this.settings = settings;
        this.errors = errors;
    }

    public ModelServerStatus status() {
        Probe probe = last.get();
        if (probe != null && probe.at().plus(CACHE_FOR).isAfter(Instant.now())) {
            return probe.status();
        }
        ModelServerStatus status = probe();
        last.set(new Probe(status, Instant.now()));
        return status;
    }

    private ModelServerStatus probe() {
        String url = settings.baseUrl();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/version")).timeout(TIMEOUT).GET()
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                String body = response.body();
                int start = body.indexOf("\"version\"");
                String version = start < 0 ? "unknown" : body.replaceAll(".*\"version\"\\s*:\\s*\"([^\"]*)\".*", "$1");
                return new ModelServerStatus(true, url, version.strip(), null);
            }
            return new ModelServerStatus(false, url, null,
                    "The model server at " + url + " answered HTTP " + response.statusCode()
                            + " to /api/version. Is that URL an Ollama server?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ModelServerStatus(false, url, null, errors.unreachable().detail());
        } catch (Exception e) {
            return new ModelServerStatus(false, url, null, errors.unreachable().detail());
        }
    }
}
