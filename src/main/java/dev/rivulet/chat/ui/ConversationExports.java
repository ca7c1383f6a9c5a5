package dev.rivulet.chat.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.rivulet.chat.ConversationExport;
import java.io.ByteArrayInputStream;

/** Links that download the shown conversation as the API's export does (Markdown, JSON); hidden without one. */
class ConversationExports extends HorizontalLayout {

    private final ConversationExport export;
    private final long userId;
    private final ShownConversation shown;

    ConversationExports(ConversationExport export, long userId, ShownConversation shown) {
        this.export = export;
        this.userId = userId;
        this.shown = shown;
        Span label = new Span("Export:");
        label.addClassName("rivulet-export-label");
        add(label, exportLink("markdown", "Markdown"), exportLink("json", "JSON"));
        setSpacing(false);
        addClassName("rivulet-exports");
        setAlignItems(Alignment.BASELINE);
    }

    /** Shown while there is a conversation to export. */
    void update() {
        setVisible(shown.get() != null);
    }

    private Anchor exportLink(String format, String label) {
        Anchor link = new Anchor(DownloadHandler.fromInputStream(event -> {
            if (shown.get() == null) {
                return DownloadResponse.error(404, "There is no conversation to export yet.");
            }
            ConversationExport.File file = export.export(userId, shown.get().id(), format);
            return new DownloadResponse(new ByteArrayInputStream(file.bytes()), file.filename(), file.mediaType(),
                    file.bytes().length);
        }), AttachmentType.DOWNLOAD, label);
        link.setId("export-" + format);
        link.getElement().setAttribute("aria-label", "Export this conversation as " + label);
        return link;
    }
}
