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
 * </ul>
 */
package dev.rivulet.screen;
