package com.auroracdc.internal.materialize;

import com.auroracdc.errors.AutopilotException;
import com.auroracdc.errors.MaterializeAuthenticationException;
import com.auroracdc.errors.MaterializeResponseException;
import com.auroracdc.errors.MaterializeStatementException;
import com.auroracdc.errors.MaterializeTlsException;
import com.auroracdc.errors.MaterializeUnreachableException;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A client of Materialize's HTTP SQL API ("Connect to Materialize via HTTP"): {@code POST https://<host>/api/sql}
 * with HTTP basic authentication (the app password's user and the app password) and a JSON body in the API's
 * extended mode, {@code {"queries": [{"query": "...", "params": ["text" or null]}]}}, one statement per query. The
 * answer is {@code {"results": [...]}}; Materialize stops at the first statement that fails, and in extended mode
 * commits DDL at once, so the statements before a failure stay done.
 *
 * <p>HTTPS only, over the JDK's {@link HttpClient} with HTTP/1.1; the server's certificate is verified against the
 * given {@link SSLContext} (by default the JDK's trusted CAs) with host-name verification (endpoint identification
 * {@code HTTPS}), and redirects are never followed (the credentials go to the configured host only).
 *
 * <p>Errors are named (package {@code com.auroracdc.errors}):
 * <ul>
 *   <li>{@link MaterializeUnreachableException}: the host does not resolve, the connection is refused or breaks, the
 *       connect or request timeout passes, or a gateway answers 502, 503 or 504;</li>
 *   <li>{@link MaterializeAuthenticationException}: HTTP 401 (wrong user or app password) or 403 (refused, e.g. by a
 *       network policy);</li>
 *   <li>{@link MaterializeTlsException}: the certificate does not chain to a trusted CA or does not name the host, or
 *       TLS fails otherwise;</li>
 *   <li>{@link MaterializeResponseException}: any other HTTP status (400, 415 and 422: a malformed request or a
 *       statement that does not parse; 500: Materialize failed; 404 and redirects: not a Materialize host), a body
 *       that is not JSON, or JSON of another shape;</li>
 *   <li>{@link MaterializeStatementException}: an {@code error} inside {@code results}, with Materialize's text (a
 *       string, or in newer versions an object with message, code, detail and hint).</li>
 * </ul>
 *
 * <p>Secrets: no message, {@link #toString} or cause ever holds the password or the Authorization header; every text
 * this client quotes (Materialize's error texts, response excerpts, a statement) is masked first, of the password and
 * of the values each statement marks with {@link Statement#withSecrets}. This class logs nothing.
 */
public final class MaterializeSqlApi implements AutoCloseable {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String PATH = "/api/sql";

    private final String host;
    private final String user;
    private final String authorization;
    private final URI endpoint;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Masking masking;
    private final HttpClient client;

    /** A client with the JDK's trusted CAs and the default timeouts (connect 10 s, request 30 s). */
    public MaterializeSqlApi(String host, String user, String password) {
        this(host, user, password, defaultTls(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param host           {@code host} or {@code host:port} (default port 443), optionally written {@code https://host};
     *                       {@code http://} is refused (see {@link #host(String)})
     * @param user           the app password's user (an email address or a service account's name)
     * @param password       the app password
     * @param tls            the TLS context whose trust decides which server certificates are accepted
     * @param connectTimeout how long to wait for the TCP connection
     * @param requestTimeout how long to wait for the answer to one request, from sending it
     */
    public MaterializeSqlApi(String host, String user, String password, SSLContext tls, Duration connectTimeout,
                             Duration requestTimeout) {
        this.host = host(host);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        if (user.isBlank() || user.contains(":")) {
            throw new IllegalArgumentException("The Materialize user must be a non-empty name without ':' (basic"
                    + " authentication cannot carry one), such as the app password's email address.");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("The Materialize app password is empty.");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("Timeouts must be positive.");
        }
        this.user = user;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.endpoint = URI.create("https://" + this.host + PATH);
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.masking = new Masking(List.of(password));
        SSLParameters parameters = tls.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls)
                .sslParameters(parameters)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The host as this client uses it, {@code host} or {@code host:port}, or {@link IllegalArgumentException} saying
     * what is wrong. Accepts {@code host}, {@code host:port}, {@code [ipv6]:port}, and the same after {@code https://}
     * (with or without a trailing {@code /}); refuses {@code http://} and any other scheme, a path, a query, and
     * user information. Never a DNS lookup.
     */
    public static String host(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The Materialize host is empty: give the region's host, such as"
                    + " abc123.us-east-1.aws.materialize.cloud, as the Materialize console's Connect page shows it.");
        }
        String host = value.strip();
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://")) {
            throw new IllegalArgumentException("The Materialize host " + host + " is http://: refused, the app password"
                    + " would cross the network in clear text. Materialize's SQL API is served over HTTPS: give the host"
                    + " alone (or https://host).");
        }
        if (lower.startsWith("https://")) {
            host = host.substring("https://".length());
            if (host.endsWith("/")) {
                host = host.substring(0, host.length() - 1);
            }
        }
        if (host.contains("://")) {
            throw new IllegalArgumentException("The Materialize host " + value.strip() + " has a scheme other than"
                    + " https://: give the host alone, such as abc123.us-east-1.aws.materialize.cloud.");
        }
        if (host.isEmpty() || host.contains("/") || host.contains("?") || host.contains("#") || host.contains("@")
                || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("The Materialize host " + value.strip() + " is not a host name with an"
                    + " optional port: give it without a path, query or user, such as"
                    + " abc123.us-east-1.aws.materialize.cloud or abc123.us-east-1.aws.materialize.cloud:443.");
        }
        try {
            URI uri = new URI("https://" + host + PATH);
            if (uri.getHost() == null || uri.getPort() == 0 || uri.getPort() > 65_535 || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(host, "no host name, or a port outside 1-65535");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The Materialize host " + value.strip() + " is not a host name with an"
                    + " optional port (1-65535): " + e.getReason() + ".");
        }
        return host;
    }

    /** The host this client sends to ({@code host} or {@code host:port}). */
    public String host() {
        return host;
    }

    /** The user this client authenticates as. */
    public String user() {
        return user;
    }

    /** Runs one statement (text parameters {@code $1}...) and returns its result. */
    public Result query(String sql, String... params) {
        return run(List.of(Statement.of(sql, params))).get(0);
    }

    /**
     * Runs the statements in one request (extended mode), in order, and returns one result per statement. The first
     * statement Materialize refuses throws {@link MaterializeStatementException}; the ones before it ran.
     */
    public List<Result> run(List<Statement> statements) {
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("No statement to run.");
        }
        Masking request = masking(statements);
        HttpRequest httpRequest = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body(statements), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw transport(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaterializeUnreachableException("Interrupted while waiting for " + where() + "; the statements"
                    + " may or may not have run.", e);
        }
        return interpret(response.statusCode(), response.headers().firstValue("Location"), response.body(),
                statements, request);
    }

    /** The request body: {@code {"queries": [{"query": "...", "params": [...]}]}} (params only when there are some). */
    static String body(List<Statement> statements) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode queries = root.putArray("queries");
        for (Statement statement : statements) {
            ObjectNode query = queries.addObject().put("query", statement.sql());
            if (!statement.params().isEmpty()) {
                ArrayNode params = query.putArray("params");
                statement.params().forEach(params::add);
            }
        }
        return Json.write(root);
    }

    /** The masking of this client's password and every secret the statements mark. */
    Masking masking(List<Statement> statements) {
        List<String> secrets = new ArrayList<>();
        statements.forEach(statement -> secrets.addAll(statement.secrets()));
        return masking.with(secrets);
    }

    /** The results of an answer, or the named error its status or body calls for. */
    List<Result> interpret(int status, Optional<String> location, String body, List<Statement> statements,
                           Masking masking) {
        if (status >= 200 && status < 300) {
            Responses.Parsed parsed = Responses.parse(body, statements.size(), masking, where());
            if (parsed.failure() != null) {
                throw refused(parsed.failure(), statements, masking);
            }
            return parsed.results();
        }
        String said = body == null || body.isBlank() ? "" : ": " + masking.excerpt(serverMessage(body));
        throw switch (status) {
            case 401 -> new MaterializeAuthenticationException(where() + " refused the credentials of user " + user
                    + " (HTTP 401" + said + "). Check the user and the app password (Materialize console, App"
                    + " passwords): an app password that was deleted or mistyped must be replaced by a valid one.");
            case 403 -> new MaterializeAuthenticationException(where() + " refused the request of user " + user
                    + " (HTTP 403" + said + "). The credentials were accepted, but Materialize does not let this user in"
                    + " from here: a network policy may not admit this function's public address (its NAT gateway's),"
                    + " or the user may not be allowed to log in. Admit the address or use another user.");
            case 502, 503, 504 -> new MaterializeUnreachableException(where() + " is unavailable (HTTP " + status + said
                    + "): a gateway answered for a region it could not reach. Retry later; the region may be starting"
                    + " or under maintenance.");
            case 400, 415, 422 -> new MaterializeResponseException(where() + " refused the request as malformed (HTTP "
                    + status + said + "). A statement may not parse, or the request is not the documented JSON: this"
                    + " is a defect of the request this automation built; report it with this message.");
            case 404, 405 -> new MaterializeResponseException(where() + " has no SQL API at " + PATH + " (HTTP " + status
                    + said + "). Check the host: it must be the region's host as the Materialize console's Connect page"
                    + " shows it.");
            default -> status >= 300 && status < 400
                    ? new MaterializeResponseException(where() + " redirected the request (HTTP " + status
                            + location.map(l -> " to " + masking.excerpt(l)).orElse("") + "); not followed, the"
                            + " credentials go to the configured host only. Set the host to the region's host as the"
                            + " Materialize console's Connect page shows it.")
                    : new MaterializeResponseException(where() + " answered HTTP " + status + said + (status >= 500
                            ? ". Materialize failed while serving the request; retry later." : ". Unexpected for its SQL"
                            + " API: check the host and the Materialize version."));
        };
    }

    private MaterializeStatementException refused(Responses.Failure failure, List<Statement> statements,
                                                  Masking masking) {
        int index = failure.index();
        String statement = index < statements.size() ? masking.excerpt(statements.get(index).sql()) : "(none)";
        String ran = index == 0 ? "No statement before it ran." : "The " + index + " statement" + (index == 1 ? "" : "s")
                + " before it ran (extended mode commits DDL at once).";
        return new MaterializeStatementException(where() + " refused statement " + (index + 1) + " of "
                + statements.size() + ": " + failure.message()
                + (failure.code() == null ? "" : " (SQLSTATE " + failure.code() + ")")
                + (failure.detail() == null ? "" : ". Detail: " + failure.detail())
                + (failure.hint() == null ? "" : ". Hint: " + failure.hint())
                + ". Statement: " + statement + ". " + ran, index, failure.code());
    }

    /** The message of a JSON error body ({@code {"message": ...}} or {@code {"error": ...}}), else the body itself. */
    private static String serverMessage(String body) {
        try {
            var node = Json.MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                for (String field : List.of("message", "error")) {
                    if (node.path(field).isTextual()) {
                        return node.get(field).asText();
                    }
                }
            }
        } catch (IOException e) {
            // Not JSON: the body is the message (Materialize answers a parse failure or 401 in plain text).
        }
        return body;
    }

    private AutopilotException transport(IOException e) {
        if (has(e, SSLException.class) || has(e, CertificateException.class)) {
            return new MaterializeTlsException("TLS to " + where() + " failed: its certificate is not signed by a"
                    + " trusted CA or does not name " + hostName() + ", or TLS could not be negotiated ("
                    + rootMessage(e) + "). Connect to the region's host name as the Materialize console's Connect page"
                    + " shows it, never an IP address or a proxy; the check is never relaxed.", e);
        }
        if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
            return new MaterializeUnreachableException("Cannot resolve the Materialize host " + hostName() + ". Check"
                    + " the host (the region's host from the Materialize console's Connect page) and that the function"
                    + " can resolve public names.", e);
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new MaterializeUnreachableException("Connecting to " + where() + " timed out after "
                    + connectTimeout.toMillis() + " ms. A function in a VPC reaches the internet only through a NAT"
                    + " gateway: check its subnets' routes, and the host and port.", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new MaterializeUnreachableException(where() + " did not answer within " + requestTimeout.toMillis()
                    + " ms. The statements may still run or have run: retrying is safe only because every statement"
                    + " of this automation is idempotent.", e);
        }
        if (e instanceof ConnectException || has(e, ConnectException.class)) {
            return new MaterializeUnreachableException("Cannot connect to " + where() + " (" + rootMessage(e) + ")."
                    + " Check the host and port (the region's host, port 443) and that the function can reach the"
                    + " internet (a NAT gateway for a function in a VPC).", e);
        }
        return new MaterializeUnreachableException("The connection to " + where() + " broke (" + rootMessage(e)
                + "). Retry; the statements may or may not have run.", e);
    }

    private String where() {
        return "Materialize at " + host;
    }

    private String hostName() {
        return endpoint.getHost();
    }

    /** The JDK's default TLS context (its trusted CAs): what Lambda verifies Materialize's certificate against. */
    static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no default TLS context", e);
        }
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The exception and, when another, its root cause: simple class name and message of each. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = describe(e);
        return root == e || top.contains(describe(root)) ? top : top + "; " + describe(root);
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Closes the HTTP client (its threads and connections). */
    @Override
    public void close() {
        client.close();
    }

    /** The endpoint and user; never the password. */
    @Override
    public String toString() {
        return "MaterializeSqlApi[" + endpoint + ", user " + user + "]";
    }
}
