package dev.rivulet.base;

import org.springframework.web.util.HtmlUtils;

/** Small text helpers shared by features. */
public final class Texts {

    private Texts() {
    }

    /** {@code text} cut to at most {@code max} characters, ending in "…" when cut; null stays null. */
    public static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /**
     * {@code text} safe inside XML, SVG or HTML, as element text or a quoted attribute: {@code & < > " '}
     * become character references and nothing else changes (UTF-8 needs no more); null becomes "".
     */
    public static String escapeMarkup(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
