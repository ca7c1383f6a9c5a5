package dev.rivulet.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OllamaJsonTest {

    @Test
    void readsTheFieldOfAnOllamaErrorBodyWithEveryJsonEscape() {
        assertThat(OllamaJson.stringField("{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}", "error"))
                .contains("model \"llama9\" not found, try pulling it first");
        assertThat(OllamaJson.stringField("{\"error\":\"caf\\u00e9\\nline two\"}", "error")).contains("café\nline two");
    }

    @Test
    void findsTheObjectAfterOtherTextAndIgnoresWhatFollowsIt() {
        assertThat(OllamaJson.stringField("404 - {\"error\":\"model 'x' not found\"} (see the server log)", "error"))
                .contains("model 'x' not found");
        assertThat(OllamaJson.stringField("a {brace} then {\"version\":\"0.12.3\"}", "version")).contains("0.12.3");
    }

    @Test
    void anythingElseIsEmpty() {
        assertThat(OllamaJson.stringField(null, "error")).isEmpty();
        assertThat(OllamaJson.stringField("Bad Gateway", "error")).isEmpty();
        assertThat(OllamaJson.stringField("{\"status\":\"ok\"}", "error")).isEmpty();
        assertThat(OllamaJson.stringField("{\"error\":{\"code\":1}}", "error")).as("not a string").isEmpty();
        assertThat(OllamaJson.stringField("{\"error\":\"cut off", "error")).isEmpty();
    }
}
