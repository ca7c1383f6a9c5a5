package dev.rivulet.screen;

/** What the prompt-injection screen does with a message that matches a rule. */
public enum ScreenPolicy {
    /** The rules are not run. */
    ALLOW,
    /** The message goes through; the run is flagged. */
    WARN,
    /** The message is refused with a message naming the rule. */
    BLOCK
}
