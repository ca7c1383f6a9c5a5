/**
 * Input screening: what a person sends is checked before it reaches the model, the same for the chat
 * view and the API ({@code RunService.start} calls {@link dev.rivulet.screen.InputScreen} once).
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li><b>Basic checks first</b>, cheapest first: a size cap in UTF-8 bytes (bounds the work of the
 *     screen; the chat's own limit in characters, {@code rivulet.chat.max-input-chars}, still applies),
 *     text that cannot be UTF-8 (a lone surrogate: what an invalid byte sequence becomes) refused,
 *     control characters other than newline and tab removed ({@code \r\n} becomes {@code \n}).</li>
 * <li><b>Prompt-injection rules are data</b>, not code: {@code screen/prompt-injection.tsv}, versioned
 *     in its header, one rule per line (name, regular expression). They match a normalised copy of the
 *     text (NFKC, lower case, zero-width characters dropped, Unicode tag characters read as the ASCII
 *     they hide, runs of white space as one space); the text itself goes on unchanged.</li>
 * <li><b>Policy</b> {@code rivulet.screen.policy}: {@code allow} (rules not run), {@code warn}
 *     (default: the message goes through, the run is flagged {@code prompt-injection:<rule>}),
 *     {@code block} (refused with a 400 naming the rule).</li>
 * <li><b>Flags</b> live in their own table, {@code run_flags} (V7), owned by this package; the admin
 *     views and API read them through {@link dev.rivulet.screen.RunFlags}.</li>
 * <li><b>The guard model is a node, not a step here</b>: {@link dev.rivulet.screen.GuardModel} asks it and
 *     {@link dev.rivulet.screen.GuardVerdict} reads Llama Guard's answer, but the caller is the
 *     {@code moderate} node that every workflow starts with when {@code rivulet.screen.guard-model} is set.
 *     So the check runs inside the run, off the request thread: it shows in the run's events and timeline,
 *     can be stopped like any node, and its verdict is recorded on the run for safe and unsafe messages
 *     alike (a refused message still has a run). The prompt-injection screen stays here, before the run:
 *     it is cheap, and {@code block} must refuse with a 400.</li>
 * </ul>
 */
@ApplicationModule(displayName = "Input screening", allowedDependencies = {"base", "model"})
package dev.rivulet.screen;

import org.springframework.modulith.ApplicationModule;
