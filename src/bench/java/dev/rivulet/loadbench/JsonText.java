package dev.rivulet.loadbench;

/**
 * Reads one string field out of a small one-line JSON object without a JSON library: the load
 * generator parses tens of thousands of token events a second on the machine it measures, so it keeps
 * its own work small. Takes the first occurrence of {@code "name":"}, which is right for the flat
 * event payloads it reads (Ollama's lines, Rivulet's and the reference relay's token events).
 */
final class JsonText {

    private JsonText() {
    }

    /** The value of string field {@code name}, unescaped; null when absent or not a string. */
    static String stringField(String json, String name) {
        String key = "\"" + name + "\"";
        int at = json.indexOf(key);
        while (at >= 0) {
            int i = at + key.length();
            while (i < json.length() && json.charAt(i) == ' ') {
                i++;
            }
            if (i < json.length() && json.charAt(i) == ':') {
                i++;
                while (i < json.length() && json.charAt(i) == ' ') {
                    i++;
                }
                return i < json.length() && json.charAt(i) == '"' ? unescape(json, i + 1) : null;
            }
            at = json.indexOf(key, at + 1);
        }
        return null;
    }

    /** Whether the object has {@code "name":true}. */
    static boolean isTrue(String json, String name) {
        int at = json.indexOf("\"" + name + "\"");
        if (at < 0) {
            return false;
        }
        int i = json.indexOf(':', at) + 1;
        while (i > 0 && i < json.length() && json.charAt(i) == ' ') {
            i++;
        }
        return i > 0 && json.startsWith("true", i);
    }

    private static String unescape(String json, int from) {
        StringBuilder out = null;
        int i = from;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c == '"') {
                return out == null ? json.substring(from, i) : out.toString();
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder(json.length() - from).append(json, from, i);
                }
                char e = json.charAt(i + 1);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(json.substring(i + 2, i + 6), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
                i += 2;
                continue;
            }
            if (out != null) {
                out.append(c);
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated JSON string in " + json);
    }
}
