package dev.rivulet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.rivulet.testsupport.ChatExchange.Outcome;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted stand-in for an Ollama server, speaking Ollama's HTTP API over real HTTP/1.1 on
 * {@code 127.0.0.1} and a random free port, so the real Spring AI Ollama client can be tested
 * against timed token streams and faults.
 *
 * <p>
 * Each {@code POST /api/chat} consumes the next queued {@link ChatScript} ({@link #enqueue}), or, when
 * the queue is empty, asks the {@linkplain #defaultResponder(Function) default responder} (which
 * echoes the last user message, word by word, 40 ms apart). Unknown models get Ollama's 404.
 * Everything is recorded: {@link #requests()}, {@link #exchanges()} (tokens sent, client close
 * detection within milliseconds thanks to a reader thread per connection).
 *
 * <p>
 * Also served: {@code GET /api/tags}, {@code POST /api/show}, {@code GET /api/version},
 * {@code POST /api/pull}, {@code GET /api/ps}, {@code GET|HEAD /}. More (or replaced) endpoints can
 * be plugged in with {@link #route(String, String, RouteHandler)}.
 *
 * <pre>{@code
 * try (var ollama = ScriptedOllamaServer.start()) {
 *     ollama.enqueue(ChatScript.of("Hi", " there").tokenDelay(Duration.ofMillis(50)));
 *     OllamaApi api = OllamaApi.builder().baseUrl(ollama.baseUrl()).build();
 *     ...
 * }
 * }</pre>
 */
public final class ScriptedOllamaServer implements AutoCloseable {

	/** Models known unless configured otherwise ({@code llama3.2} means {@code llama3.2:latest}). */
	public static final List<String> DEFAULT_MODELS = List.of("llama3.2:latest");

	public static final String DEFAULT_VERSION = "0.12.0";

	/** Handler for one HTTP endpoint. */
	@FunctionalInterface
	public interface RouteHandler {

		void handle(RawHttpRequest request, RawHttpResponse response) throws IOException;

	}

	private static final Instant MODIFIED_AT = Instant.parse("2025-09-20T10:15:30.123456789Z");

	private final JsonMapper json = JsonMapper.builder().build();

	private final ServerSocket serverSocket;

	private final Builder initial;

	private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();

	private final Map<String, RouteHandler> routes = new ConcurrentHashMap<>();

	private final LinkedBlockingDeque<ChatScript> scripts = new LinkedBlockingDeque<>();

	private final List<ChatRequestSeen> requests = new CopyOnWriteArrayList<>();

	private final List<ChatExchange> exchanges = new CopyOnWriteArrayList<>();

	private final List<RawHttpRequest> httpRequests = new CopyOnWriteArrayList<>();

	private final AtomicInteger connectionCount = new AtomicInteger();

	private volatile Set<String> knownModels;

	private volatile Function<ChatRequestSeen, ChatScript> defaultResponder;

	private volatile String version;

	private volatile boolean closing;

	private ScriptedOllamaServer(Builder builder) throws IOException {
		this.initial = builder.copy();
		applyInitialConfiguration();
		this.serverSocket = new ServerSocket();
		this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 128);
		registerOllamaRoutes();
		Thread.ofVirtual().name("scripted-ollama-accept-" + port()).start(this::acceptLoop);
	}

	/** Starts a server with default configuration on a random free port. */
	public static ScriptedOllamaServer start() {
		return builder().start();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The default responder: echoes the last user message as a short streamed answer. */
	public static ChatScript echo(ChatRequestSeen request) {
		return ChatScript.words("You said: " + request.lastUserMessage() + ". Here is a streamed answer.")
			.delays(Duration.ofMillis(40), Duration.ofMillis(40));
	}

	/** Ollama's normalisation: a name without tag means {@code :latest}. */
	public static String normalizeModel(String name) {
		String trimmed = name.trim();
		int slash = trimmed.lastIndexOf('/');
		return trimmed.indexOf(':', slash + 1) < 0 ? trimmed + ":latest" : trimmed;
	}

	// ---------------------------------------------------------------- configuration & scripting

	/** {@code http://127.0.0.1:PORT}, the value for Spring AI's base URL. */
	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	public int port() {
		return serverSocket.getLocalPort();
	}

	/** Queues scripts, consumed in order, one per {@code /api/chat} request. */
	public ScriptedOllamaServer enqueue(ChatScript... scripts) {
		for (ChatScript script : scripts) {
			this.scripts.addLast(Objects.requireNonNull(script));
		}
		return this;
	}

	/** Scripts still queued. */
	public int pendingScripts() {
		return scripts.size();
	}

	/** Responder used when the queue is empty. */
	public ScriptedOllamaServer defaultResponder(Function<ChatRequestSeen, ChatScript> responder) {
		this.defaultResponder = Objects.requireNonNull(responder);
		return this;
	}

	/** Replaces the known model names (tagless names mean {@code :latest}). */
	public ScriptedOllamaServer knownModels(String... models) {
		this.knownModels = normalize(List.of(models));
		return this;
	}

	public ScriptedOllamaServer addKnownModel(String model) {
		Set<String> copy = new LinkedHashSet<>(knownModels);
		copy.add(normalizeModel(model));
		this.knownModels = Collections.unmodifiableSet(copy);
		return this;
	}

	public List<String> knownModels() {
		return List.copyOf(knownModels);
	}

	public boolean isKnownModel(String model) {
		return model != null && !model.isBlank() && knownModels.contains(normalizeModel(model));
	}

	public ScriptedOllamaServer version(String version) {
		this.version = version;
		return this;
	}

	/**
	 * Adds or replaces the handler for {@code method path} (exact path match, query ignored). This is
	 * the extension point for endpoints the server does not script yet.
	 */
	public ScriptedOllamaServer route(String method, String path, RouteHandler handler) {
		routes.put(method.toUpperCase(Locale.ROOT) + " " + path, handler);
		return this;
	}

	/**
	 * Makes {@code method path} wait {@code delay} before it answers as before (a slow or stalled
	 * server); a client that gives up meanwhile is noticed at once and gets no answer. Like
	 * {@link #route}, it lasts until the route is replaced, also across {@link #reset()}.
	 */
	public ScriptedOllamaServer delayRoute(String method, String path, Duration delay) {
		Objects.requireNonNull(delay);
		String key = method.toUpperCase(Locale.ROOT) + " " + path;
		RouteHandler handler = Objects.requireNonNull(routes.get(key), "no route " + key);
		return route(method, path, (request, response) -> {
			if (response.pause(delay)) {
				handler.handle(request, response);
			}
		});
	}

	/** The JSON mapper used by the server (Jackson 3), for custom route handlers. */
	public JsonMapper json() {
		return json;
	}

	/**
	 * Clears queued scripts and all records, and restores the models, default responder and version
	 * given at build time. Routes and open connections are kept.
	 */
	public void reset() {
		scripts.clear();
		requests.clear();
		exchanges.clear();
		httpRequests.clear();
		applyInitialConfiguration();
	}

	// ---------------------------------------------------------------- observation

	/** All {@code /api/chat} requests seen, in arrival order. */
	public List<ChatRequestSeen> requests() {
		return List.copyOf(requests);
	}

	public int chatRequestCount() {
		return requests.size();
	}

	public ChatRequestSeen lastRequest() {
		List<ChatRequestSeen> all = requests();
		if (all.isEmpty()) {
			throw new IllegalStateException("No chat request seen");
		}
		return all.getLast();
	}

	/** One record per {@code /api/chat} request, in arrival order. */
	public List<ChatExchange> exchanges() {
		return List.copyOf(exchanges);
	}

	public ChatExchange lastExchange() {
		List<ChatExchange> all = exchanges();
		if (all.isEmpty()) {
			throw new IllegalStateException("No chat exchange yet");
		}
		return all.getLast();
	}

	/** Waits until the chat exchange with this 0-based index exists. */
	public ChatExchange awaitExchange(int index, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (exchanges.size() <= index) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Chat exchange #" + index + " did not happen within " + timeout);
			}
			sleepQuietly(5);
		}
		return exchanges.get(index);
	}

	/**
	 * Whether the client closed the connection of the latest chat exchange before its reply was
	 * finished, waiting up to {@code timeout}.
	 */
	public boolean awaitClientClose(Duration timeout) {
		long start = System.nanoTime();
		ChatExchange exchange = awaitExchange(Math.max(0, exchanges.size() - 1), timeout);
		Duration left = timeout.minusNanos(System.nanoTime() - start);
		return exchange.awaitClientClose(left.isNegative() ? Duration.ZERO : left);
	}

	/** Every HTTP request received (any endpoint), in arrival order. */
	public List<RawHttpRequest> httpRequests() {
		return List.copyOf(httpRequests);
	}

	/** TCP connections accepted so far (shows whether the client reuses connections). */
	public int connectionsAccepted() {
		return connectionCount.get();
	}

	/** Currently open TCP connections. */
	public int openConnections() {
		return (int) connections.stream().filter(c -> !c.isGone()).count();
	}

	@Override
	public void close() {
		closing = true;
		try {
			serverSocket.close();
		}
		catch (IOException ignored) {
			// closing anyway
		}
		for (HttpConnection connection : connections) {
			connection.closeByServer(false, false);
		}
	}

	// ---------------------------------------------------------------- socket layer

	private void acceptLoop() {
		while (!closing) {
			try {
				Socket socket = serverSocket.accept();
				HttpConnection connection = new HttpConnection(socket);
				int id = connectionCount.incrementAndGet();
				connections.add(connection);
				connection.startReader("scripted-ollama-read-" + id);
				Thread.ofVirtual().name("scripted-ollama-serve-" + id).start(() -> serve(connection));
			}
			catch (IOException ex) {
				if (!closing) {
					sleepQuietly(10);
				}
			}
		}
	}

	private void serve(HttpConnection connection) {
		try {
			while (!closing) {
				RawHttpRequest request = connection.nextRequest();
				if (request == null) {
					break;
				}
				httpRequests.add(request);
				RawHttpResponse response = new RawHttpResponse(connection, request);
				try {
					dispatch(request, response);
				}
				catch (IOException ex) {
					break; // client gone (already recorded by the response)
				}
				catch (RuntimeException ex) {
					if (!response.committed()) {
						try {
							response.sendJson(500, errorJson("scripted server failure: " + ex));
						}
						catch (IOException ignored) {
							break;
						}
					}
					else {
						break;
					}
				}
				if (!response.finished() || request.wantsClose() || connection.isGone()) {
					break;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			connection.closeQuietly();
			connections.remove(connection);
		}
	}

	private void dispatch(RawHttpRequest request, RawHttpResponse response) throws IOException {
		RouteHandler handler = routes.get(request.method() + " " + request.path());
		if (handler == null) {
			response.sendText(404, "404 page not found");
			return;
		}
		handler.handle(request, response);
	}

	// ---------------------------------------------------------------- Ollama endpoints

	private void registerOllamaRoutes() {
		route("POST", "/api/chat", this::handleChat);
		route("GET", "/api/tags", (req, res) -> res.sendJson(200, json.writeValueAsString(tags())));
		route("POST", "/api/show", this::handleShow);
		route("GET", "/api/version", (req, res) -> {
			ObjectNode body = json.createObjectNode();
			body.put("version", version);
			res.sendJson(200, json.writeValueAsString(body));
		});
		route("POST", "/api/pull", this::handlePull);
		route("GET", "/api/ps", (req, res) -> res.sendJson(200, "{\"models\":[]}"));
		route("GET", "/", (req, res) -> res.sendText(200, "Ollama is running"));
		route("HEAD", "/", (req, res) -> res.send(200, "text/plain; charset=utf-8", new byte[0]));
	}

	private void handleChat(RawHttpRequest http, RawHttpResponse response) throws IOException {
		JsonNode body = parseBody(http, response);
		if (body == null) {
			return;
		}
		ChatRequestSeen seen = recordChatRequest(body, http.receivedAt());
		if (seen.model().isBlank()) {
			rejectChat(seen, response, 400, errorJson("model is required"));
			return;
		}
		if (!isKnownModel(seen.model())) {
			rejectChat(seen, response, 404, notFound(seen.model()));
			return;
		}
		ChatScript script = nextScript(seen);
		ChatExchange exchange = new ChatExchange(seen, script);
		exchanges.add(exchange);
		response.onClientClose(exchange::clientClosed);
		try {
			new ChatReply(json, seen, script, exchange, response).play();
		}
		finally {
			response.onClientClose(null);
			if (exchange.outcome() == Outcome.IN_PROGRESS) {
				exchange.end(exchange.clientClosedEarly() ? Outcome.CLIENT_CLOSED
						: response.connectionClosedByServer() ? Outcome.SERVER_CLOSED : Outcome.CLIENT_CLOSED);
			}
		}
	}

	private synchronized ChatRequestSeen recordChatRequest(JsonNode body, Instant receivedAt) {
		String model = body.path("model").isString() ? body.path("model").stringValue() : "";
		JsonNode streamNode = body.path("stream");
		boolean stream = !streamNode.isBoolean() || streamNode.booleanValue();
		List<ChatRequestSeen.Message> messages = new ArrayList<>();
		for (JsonNode message : body.path("messages")) {
			messages.add(new ChatRequestSeen.Message(message.path("role").asString(""),
					message.path("content").isString() ? message.path("content").stringValue() : ""));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> options = body.path("options").isObject()
				? json.convertValue(body.path("options"), Map.class) : Map.of();
		ChatRequestSeen seen = new ChatRequestSeen(requests.size(), model, stream, List.copyOf(messages),
				Collections.unmodifiableMap(options), body, receivedAt);
		requests.add(seen);
		return seen;
	}

	private void rejectChat(ChatRequestSeen seen, RawHttpResponse response, int status, String body)
			throws IOException {
		ChatExchange exchange = new ChatExchange(seen, null);
		exchanges.add(exchange);
		exchange.status(status);
		response.sendJson(status, body);
		exchange.end(Outcome.ERROR_STATUS);
	}

	/** Next queued script; a refuse-streaming script answering a streaming request stays queued. */
	private ChatScript nextScript(ChatRequestSeen request) {
		synchronized (scripts) {
			ChatScript queued = scripts.pollFirst();
			if (queued == null) {
				return Objects.requireNonNull(defaultResponder.apply(request), "default responder returned null");
			}
			if (request.stream() && queued.refuseStreaming().isPresent()) {
				scripts.addFirst(queued);
			}
			return queued;
		}
	}

	private void handleShow(RawHttpRequest http, RawHttpResponse response) throws IOException {
		JsonNode body = parseBody(http, response);
		if (body == null) {
			return;
		}
		String model = body.path("model").asString(body.path("name").asString(""));
		if (!isKnownModel(model)) {
			response.sendJson(404, notFound(model));
			return;
		}
		ObjectNode show = json.createObjectNode();
		show.put("license", "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT (scripted)");
		show.put("modelfile", "# Modelfile generated by \"ollama show\"\nFROM " + normalizeModel(model) + "\n");
		show.put("parameters", "stop                           \"<|start_header_id|>\"\n"
				+ "stop                           \"<|end_header_id|>\"\nstop                           \"<|eot_id|>\"");
		show.put("template", "{{ if .System }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ end }}");
		show.set("details", details());
		ObjectNode info = show.putObject("model_info");
		info.put("general.architecture", "llama");
		info.put("general.parameter_count", 3212749888L);
		info.put("llama.context_length", 131072);
		info.put("llama.embedding_length", 3072);
		ArrayNode capabilities = show.putArray("capabilities");
		capabilities.add("completion");
		capabilities.add("tools");
		show.put("modified_at", MODIFIED_AT.toString());
		response.sendJson(200, json.writeValueAsString(show));
	}

	private void handlePull(RawHttpRequest http, RawHttpResponse response) throws IOException {
		JsonNode body = parseBody(http, response);
		if (body == null) {
			return;
		}
		String model = body.path("model").asString(body.path("name").asString(""));
		boolean stream = !body.path("stream").isBoolean() || body.path("stream").booleanValue();
		boolean known = isKnownModel(model);
		if (!stream) {
			response.sendJson(known ? 200 : 500,
					known ? "{\"status\":\"success\"}" : errorJson("pull model manifest: file does not exist"));
			return;
		}
		RawHttpResponse.ChunkedBody chunks = response.startChunked(200, RawHttpResponse.NDJSON);
		chunks.write("{\"status\":\"pulling manifest\"}\n");
		if (known) {
			String digest = "sha256:" + sha256(normalizeModel(model));
			chunks.write("{\"status\":\"pulling " + digest.substring(7, 19) + "\",\"digest\":\"" + digest
					+ "\",\"total\":2019377376,\"completed\":2019377376}\n");
			chunks.write("{\"status\":\"verifying sha256 digest\"}\n");
			chunks.write("{\"status\":\"writing manifest\"}\n");
			chunks.write("{\"status\":\"success\"}\n");
		}
		else {
			chunks.write(errorJson("pull model manifest: file does not exist") + "\n");
		}
		chunks.finish();
	}

	private ObjectNode tags() {
		ObjectNode tags = json.createObjectNode();
		ArrayNode models = tags.putArray("models");
		for (String name : knownModels) {
			ObjectNode model = models.addObject();
			model.put("name", name);
			model.put("model", name);
			model.put("modified_at", MODIFIED_AT.toString());
			model.put("size", 2019393189L);
			model.put("digest", sha256(name));
			model.set("details", details());
		}
		return tags;
	}

	private ObjectNode details() {
		ObjectNode details = json.createObjectNode();
		details.put("parent_model", "");
		details.put("format", "gguf");
		details.put("family", "llama");
		details.putArray("families").add("llama");
		details.put("parameter_size", "3.2B");
		details.put("quantization_level", "Q4_K_M");
		return details;
	}

	private JsonNode parseBody(RawHttpRequest http, RawHttpResponse response) throws IOException {
		try {
			JsonNode body = json.readTree(http.body());
			if (body != null && body.isObject()) {
				return body;
			}
		}
		catch (JacksonException ex) {
			// fall through
		}
		response.sendJson(400, errorJson("invalid request body"));
		return null;
	}

	private String notFound(String model) {
		return errorJson("model \"" + model + "\" not found, try pulling it first");
	}

	private String errorJson(String message) {
		ObjectNode error = json.createObjectNode();
		error.put("error", message);
		return json.writeValueAsString(error);
	}

	private void applyInitialConfiguration() {
		this.knownModels = normalize(initial.models);
		this.defaultResponder = initial.responder;
		this.version = initial.version;
	}

	private static Set<String> normalize(List<String> models) {
		Set<String> names = new LinkedHashSet<>();
		models.forEach(m -> names.add(normalizeModel(m)));
		return Collections.unmodifiableSet(names);
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Configuration applied at start and restored by {@link #reset()}. */
	public static final class Builder {

		private int port;

		private List<String> models = DEFAULT_MODELS;

		private Function<ChatRequestSeen, ChatScript> responder = ScriptedOllamaServer::echo;

		private String version = DEFAULT_VERSION;

		private Builder() {
		}

		/** Fixed port; 0 (default) picks a free one. */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder knownModels(String... models) {
			this.models = List.of(models);
			return this;
		}

		public Builder defaultResponder(Function<ChatRequestSeen, ChatScript> responder) {
			this.responder = Objects.requireNonNull(responder);
			return this;
		}

		public Builder version(String version) {
			this.version = Objects.requireNonNull(version);
			return this;
		}

		public ScriptedOllamaServer start() {
			try {
				return new ScriptedOllamaServer(this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start scripted Ollama server", ex);
			}
		}

		private Builder copy() {
			Builder copy = new Builder();
			copy.port = port;
			copy.models = models;
			copy.responder = responder;
			copy.version = version;
			return copy;
		}

	}

}
