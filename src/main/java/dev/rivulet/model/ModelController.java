package dev.rivulet.model;

import dev.rivulet.base.ServiceUnavailableException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/models}: what the model server has installed; 503 naming the URL when it is down. */
@RestController
class ModelController {

    private final ModelCatalog catalog;

    ModelController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/models")
    List<ModelCatalog.ModelInfo> models() {
        try {
            return catalog.list();
        } catch (ModelServerException e) {
            throw new ServiceUnavailableException(e.failure().detail());
        }
    }
}
