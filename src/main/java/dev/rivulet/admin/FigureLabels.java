package dev.rivulet.admin;

/**
 * The names the admin views give a run's figures, in one place so that every view calls the same
 * figure the same way, and says whose measurement it is (see {@code run.ActiveRun#metrics()}):
 * <ul>
 * <li>time to first token and total time are Rivulet's own, measured from the moment the message
 *     reached Rivulet ("send") to the first token, and to the end of the run;</li>
 * <li>the token count and tokens per second are the model server's own figures (Ollama's
 *     {@code eval_count}, and {@code eval_count ÷ eval_duration}) when the model sent its final
 *     summary; for a run that ended before it (cancelled, stopped by a time limit, failed mid-answer)
 *     Rivulet counts the chunks it received and times them from the first to the last.</li>
 * </ul>
 * Ollama's other timings ({@code load_duration}, {@code prompt_eval_duration}) are not recorded with
 * a run, so no admin view shows a "first token" figure of the model's.
 */
public final class FigureLabels {

    public static final String SEND_TO_FIRST_TOKEN = "Send → first token";
    public static final String SEND_TO_END = "Send → end";
    public static final String MODEL_TOKENS = "Tokens (model's eval_count)";
    public static final String MODEL_EVAL_RATE = "Model's own eval rate";
    public static final String RIVULET_TOKENS = "Chunks received (counted by Rivulet)";
    public static final String RIVULET_RATE = "First → last token rate (measured by Rivulet)";
    public static final String TOKENS_PER_SECOND = "tokens/s";

    /** One paragraph saying whose figure is whose, shown under the dashboard and the runs list. */
    public static final String EXPLANATION = "Send → first token and send → end are measured by Rivulet, from the moment "
            + "the message reached it. Tokens and the model's own eval rate are the model server's figures "
            + "(Ollama's eval_count, and eval_count ÷ eval_duration) when it sent its final summary; for a run that "
            + "ended before that (cancelled, stopped by a time limit, failed mid-answer) Rivulet counts the chunks "
            + "it received and times them from the first to the last. A run's stream log says which applies.";

    private FigureLabels() {
    }
}
