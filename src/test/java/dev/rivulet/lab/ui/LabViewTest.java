package dev.rivulet.lab.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.KaribuSupport;
import dev.rivulet.workflow.WorkflowTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The lab against the (scripted) model server: one run, three panels, the presenter's settings in the request. */
class LabViewTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void login() {
        KaribuSupport.loginAndSetup(context, newUser());
        UI.getCurrent().navigate(LabView.class);
    }

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneModelRunFeedsThreePanelsWithTheSameTextAndTheChosenSettings() {
        MODEL.enqueue(ChatScript.generated(40, i -> "w" + i + " ").delays(Duration.ofMillis(50), Duration.ofMillis(15)));
        LabView lab = _get(LabView.class);
        _get(NumberField.class, spec -> spec.withId("lab-temperature")).setValue(0.2);
        _get(IntegerField.class, spec -> spec.withId("lab-max-tokens")).setValue(64);
        ((Select<String>) _get(Select.class, spec -> spec.withId("lab-workflow"))).setValue("chat");
        lab.start();

        KaribuSupport.awaitUi(() -> lab.panels().stream().allMatch(p -> p.text().contains("w39 ")),
                Duration.ofSeconds(10));
        String expected = IntStream.range(0, 40).mapToObj(i -> "w" + i + " ")
                .collect(Collectors.joining());
        assertThat(lab.panels()).extracting(LabPanel::text).containsOnly(expected);
        int token = lab.panels().get(0).updateCount();
        int batch = lab.panels().get(1).updateCount();
        assertThat(token).as("every token").isGreaterThan(batch);
        assertThat(batch).isGreaterThanOrEqualTo(8);
        assertThat(MODEL.lastRequest().temperature()).contains(0.2);
        assertThat(MODEL.lastRequest().numPredict()).contains(64);
        assertThat(MODEL.chatRequestCount()).as("one run for three panels").isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theIdeasWorkflowShowsItsBranchesInterleavingInEveryPanel() {
        MODEL.defaultResponder(request -> {
            String node = WorkflowTestSupport.nodeOf(request);
            return ChatScript.generated(5, i -> node + i + " ").delays(Duration.ofMillis(20), Duration.ofMillis(25));
        });
        LabView lab = _get(LabView.class);
        ((Select<String>) _get(Select.class, spec -> spec.withId("lab-workflow"))).setValue("ideas");
        lab.start();
        KaribuSupport.awaitUi(() -> lab.panels().stream().allMatch(p -> p.text().contains("summary4 ")),
                Duration.ofSeconds(15));
        String text = lab.panels().getFirst().text();
        assertThat(text).contains("[practical] ").contains("[creative] ").contains("[critical] ").contains("[summary] ");
        assertThat(lab.panels()).extracting(LabPanel::text).containsOnly(text);
    }

    @Test
    void sparklineDrawsOneTickPerUpdate() {
        String svg = LabPanel.sparklineSvg(List.of(new LabPanel.Update(10, 3), new LabPanel.Update(500, 30)),
                1000);
        assertThat(svg).startsWith("<svg").contains("2 updates over time");
        assertThat(svg.split("<line").length - 1).as("baseline plus two ticks").isEqualTo(3);
    }
}
