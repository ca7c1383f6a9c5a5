package dev.rivulet.workflow;

import dev.rivulet.base.InvalidInputException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** The built-in workflows, by name. */
@Service
public class WorkflowCatalog {

    public static final String DEFAULT = "chat";

    private final Map<String, Workflow> byName;

    WorkflowCatalog(List<Workflow> workflows) {
        this.byName = workflows.stream().collect(Collectors.toMap(Workflow::name, Function.identity()));
    }

    public List<Workflow> all() {
        return byName.values().stream().sorted(Comparator.comparing(Workflow::name)).toList();
    }

    /** @throws InvalidInputException naming the workflows that exist */
    public Workflow get(String name) {
        Workflow workflow = byName.get(name == null ? DEFAULT : name);
        if (workflow == null) {
            throw new InvalidInputException("There is no workflow '" + name + "'. Choose one of: "
                    + String.join(", ", all().stream().map(Workflow::name).toList()) + ".");
        }
        return workflow;
    }
}
