package dev.rivulet.model;

import java.time.Instant;
import java.util.List;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.stereotype.Service;

/** The models installed on the model server. */
@Service
public class ModelCatalog {

    /** One installed model as the API shows it. */
    public record ModelInfo(String name, String model, Long size, Instant modifiedAt, String family,
            String parameterSize, String quantizationLevel) {
    }

    private final OllamaApi ollama;
    private final ModelErrorTranslator errors;

    ModelCatalog(OllamaApi ollama, ModelErrorTranslator errors) {
        this.ollama = ollama;
        this.errors = errors;
    }

    /** @throws ModelServerException when the server cannot be reached or fails */
    public List<ModelInfo> list() {
        try {
            OllamaApi.ListModelResponse response = ollama.listModels();
            if (response == null || response.models() == null) {
                return List.of();
            }
            return response.models().stream().map(m -> new ModelInfo(m.name(), m.model(), m.size(),
                    m.modifiedAt(), m.details() == null ? null : m.details().family(),
                    m.details() == null ? null : m.details().parameterSize(),
                    m.details() == null ? null : m.details().quantizationLevel())).toList();
        } catch (RuntimeException e) {
            throw new ModelServerException(errors.translate(e, null), e);
        }
    }
}
