package dev.rivulet.workflow;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/workflows}: the built-in workflows with their graphs. */
@RestController
class WorkflowController {

    record WorkflowInfo(String name, String description, List<String> nodes, List<List<String>> edges,
            String outputNode) {
    }

    private final WorkflowCatalog catalog;

    WorkflowController(WorkflowCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/workflows")
    List<WorkflowInfo> workflows() {
        return catalog.all().stream()
                .map(w -> new WorkflowInfo(w.name(), w.description(), w.nodes(), w.edges(), w.outputNode()))
                .toList();
    }
}
