package com.auroracdc.local.materialize;

import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A local stand-in for Materialize's HTTP SQL API ("Connect to Materialize via HTTP",
 * https://materialize.com/docs/integrations/http-api/): an HTTPS server on 127.0.0.1 (a free port) that answers
 * {@code POST /api/sql} in the documented shapes, for tests of {@code com.auroracdc.internal.materialize}.
 *
 * <p>What it does like Materialize (see local/FIDELITY.md for the sources):
 * <ul>
 *   <li>HTTP basic authentication against the configured user and password; anything else is HTTP 401 with the body
 *       {@code unauthorized} and {@code WWW-Authenticate: Basic realm=Materialize};</li>
 *   <li>the body is JSON, simple ({@code {"query": "..."}}, split on semicolons outside quotes) or extended
 *       ({@code {"queries": [{"query": "...", "params": [text or null]}]}}, exactly one statement per query, else HTTP
 *       400 quoting the query); a body that is not JSON is HTTP 400, JSON of another shape (a number among the params)
 *       422, a Content-Type other than {@code application/json} 415, all with a plain-text reason;</li>
 *   <li>the answer is {@code {"results": [...]}}, one {@code {"tag", "rows", "col_names", "notices"}},
 *       {@code {"ok", "notices"}} or {@code {"error", "notices"}} per statement, stopping at the first error;
 *       {@code error} is an object {@code {"message", "code"}} as newer versions send it, or the documented string
 *       ({@link #errorShape});</li>
 *   <li>{@code SELECT <columns> FROM mz_catalog.mz_egress_ips} (or {@code mz_egress_ips}) answers the configured
 *       egress CIDRs, changeable at run time ({@link #egressCidrs}), columns {@code egress_ip} (text),
 *       {@code prefix_length} (a JSON number) and {@code cidr} (text), in the order asked ({@code *}: all three).</li>
 *   <li>a small catalog ({@link StandInCatalog}): {@code CREATE SECRET}, {@code ALTER SECRET}, {@code CREATE CONNECTION
 *       ... TO POSTGRES}, {@code CREATE SOURCE ... FROM POSTGRES CONNECTION ... (PUBLICATION ...)}, {@code CREATE TABLE
 *       ... FROM SOURCE ... (REFERENCE ...)}, {@code COMMENT ON} and {@code DROP} change it, and the source stage's two
 *       catalog reads (objects with their comments; {@code mz_internal.mz_source_statuses}) and the teardown's
 *       ({@code mz_internal.mz_object_dependencies}) answer from it; {@code CREATE CONNECTION ... TO AWS PRIVATELINK},
 *       its {@code mz_aws_privatelink_connections} row and {@code VALIDATE CONNECTION} ({@link #privateLink}). Controls:
 *       {@link #sourceStatus}, {@link #seedObject}, {@link #failStatementOnce}; reads: {@link #catalogItem},
 *       {@link #secretValue}.</li>
 * </ul>
 * What it does not: it runs no other SQL, and even the catalog's statements are matched by pattern, not parsed. Any
 * other statement is answered by the handler whose prefix it starts with ({@link #answer}; the egress read and the
 * catalog are built in, and a handler registered for the same prefix or a longer one takes over); WHERE and ORDER BY
 * of a handler's query are ignored; a statement no handler answers is an error result naming it, so a test never
 * passes on a statement it did not expect. Transactions, sessions, notices other than a handler's, and the
 * {@code options} URL parameter are not modelled.
 *
 * <p>Failure modes a test can switch on (until {@link #reset}): {@link #failRequests} (any status with Materialize's
 * body for it: 401, 403, 400, 422, 500, 503 ...), {@link #answerMalformedJson}, {@link #delay} (longer than the
 * client's timeout), {@link #failStatement} (an {@code error} inside {@code results}), and an empty egress list
 * ({@code egressCidrs(List.of())}). Every statement received is recorded with its parameters ({@link #received}).
 *
 * <p>TLS: the certificates in {@code src/main/resources/materialize/tls} (see {@code regenerate.sh} there), signed by
 * the stand-in's own CA, which {@link #clientTls} trusts (and nothing else). {@link ServerCertificate#LOCALHOST}
 * names localhost, 127.0.0.1 and ::1; {@link ServerCertificate#OTHER_NAME} names only materialize.invalid, for the
 * host-name verification tests.
 */
public final class MaterializeStandIn implements AutoCloseable {
    private static final String TLS = "/materialize/tls/";
    private static final Pattern SELECT_LIST = Pattern.compile("(?is)^\\s*SELECT\\s+(.*?)\\s+FROM\\s+.*");
    private static final List<String> EGRESS_COLUMNS = List.of("egress_ip", "prefix_length", "cidr");
    /** The built-in egress read outranks a handler for a prefix as short as "SELECT", not a longer one. */
    private static final int EGRESS_SPECIFICITY = "SELECT ".length();

    /** Which certificate the stand-in presents. */
    public enum ServerCertificate {
        /** SAN DNS:localhost, IP:127.0.0.1, IP:::1. */
        LOCALHOST("server"),
        /** SAN DNS:materialize.invalid only: a trusted chain whose name matches neither localhost nor 127.0.0.1. */
        OTHER_NAME("other-name");

        private final String file;

        ServerCertificate(String file) {
            this.file = file;
        }
    }

    /** How an {@code error} result is written. */
    public enum ErrorShape {
        /** {@code {"error": "message"}}: the documentation's TypeScript definition. */
        TEXT,
        /** {@code {"error": {"message": "...", "code": "XX000"}}}: what newer Materialize versions send. */
        OBJECT
    }

    /** A statement as received, with its parameters (an element is null for a JSON null). */
    public record Received(String sql, List<String> params) {
        public Received {
            params = Collections.unmodifiableList(new ArrayList<>(params));
        }
    }

    /** One egress range as mz_egress_ips holds it; any field may be null (to exercise the client). */
    public record EgressRow(String egressIp, Integer prefixLength, String cidr) {
        /** The row of a CIDR: its start address, its prefix length, and the CIDR itself. */
        public static EgressRow of(String cidr) {
            int slash = cidr.indexOf('/');
            return slash < 0 ? new EgressRow(cidr, null, cidr)
                    : new EgressRow(cidr.substring(0, slash), Integer.valueOf(cidr.substring(slash + 1)), cidr);
        }
    }

    /**
     * One item of the stand-in's catalog, as a test may read it ({@link #catalogItem}). {@code sourceId} only for a
     * table fed by a source; {@code sql} the statement that created it ({@code (seeded)} for {@link #seedObject}).
     */
    public record CatalogItem(String id, String schema, String name, String type, String comment, String sourceId,
                              String sql, String status, String error) {
    }

    /**
     * Materialize's view of AWS PrivateLink: its {@code CreateVpcEndpoint} to a service as its principal, and its
     * endpoint's state. {@link SimPrivateLinkNetwork} asks the simulator.
     */
    public interface PrivateLinkNetwork {
        /** Creates Materialize's endpoint to the service; returns its id, or throws when AWS refuses it. */
        String connect(String serviceName, String principal);

        /** The endpoint's connection state ({@code available}, {@code pendingAcceptance}, ...), or null. */
        String state(String endpointId);
    }

    /** Answers one statement. */
    @FunctionalInterface
    public interface Handler {
        Answer answer(Received statement);
    }

    /** One statement's result: rows, a tag, or an error (which stops the request). */
    public static final class Answer {
        private final ObjectNode success;
        private final String errorMessage;
        private final String errorCode;
        private final List<ObjectNode> notices;

        private Answer(ObjectNode success, String errorMessage, String errorCode, List<ObjectNode> notices) {
            this.success = success;
            this.errorMessage = errorMessage;
            this.errorCode = errorCode;
            this.notices = List.copyOf(notices);
        }

        /** {@code {"ok": tag}}, e.g. {@code ok("CREATE SECRET")}. */
        public static Answer ok(String tag) {
            return new Answer(Json.MAPPER.createObjectNode().put("ok", tag), null, null, List.of());
        }

        /** {@code {"tag": "SELECT n", "rows": ..., "col_names": ...}}; values are text, numbers, booleans, null or JSON. */
        public static Answer rows(List<String> columns, List<List<Object>> rows) {
            ObjectNode result = Json.MAPPER.createObjectNode().put("tag", "SELECT " + rows.size());
            ArrayNode values = result.putArray("rows");
            for (List<Object> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("A row of " + row.size() + " values for " + columns.size() + " columns");
                }
                ArrayNode out = values.addArray();
                row.forEach(value -> out.add(Json.MAPPER.valueToTree(value)));
            }
            ArrayNode names = result.putArray("col_names");
            columns.forEach(names::add);
            return new Answer(result, null, null, List.of());
        }

        /** An error with Materialize's default SQLSTATE for adapter errors, XX000. */
        public static Answer error(String message) {
            return error(message, "XX000");
        }

        /** An error with a SQLSTATE (written only in the {@link ErrorShape#OBJECT} shape). */
        public static Answer error(String message, String code) {
            return new Answer(null, message, code, List.of());
        }

        /** This answer with one more notice, {@code {"severity", "message"}}. */
        public Answer withNotice(String severity, String message) {
            List<ObjectNode> more = new ArrayList<>(notices);
            more.add(Json.MAPPER.createObjectNode().put("severity", severity).put("message", message));
            return new Answer(success, errorMessage, errorCode, more);
        }

        boolean isError() {
            return success == null;
        }

        ObjectNode json(ErrorShape shape) {
            ObjectNode result;
            if (success != null) {
                result = success.deepCopy();
            } else {
                result = Json.MAPPER.createObjectNode();
                if (shape == ErrorShape.TEXT) {
                    result.put("error", errorMessage);
                } else {
                    result.putObject("error").put("message", errorMessage).put("code", errorCode);
                }
            }
            result.putArray("notices").addAll(notices);
            return result;
        }
    }

    private record Route(String description, Predicate<String> matches, int specificity, Handler handler) {
    }

    private record HttpFailure(int status, String contentType, String body) {
    }

    private final String user;
    private final String password;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final StandInCatalog catalog = new StandInCatalog();
    private volatile int requests;
    private volatile List<EgressRow> egress = List.of();
    private volatile HttpFailure failure;
    private volatile boolean malformedJson;
    private volatile Duration delay = Duration.ZERO;
    private volatile ErrorShape errorShape = ErrorShape.OBJECT;

    private MaterializeStandIn(String user, String password, ServerCertificate certificate) throws IOException {
        this.user = user;
        this.password = password;
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        this.server.setHttpsConfigurator(new HttpsConfigurator(serverTls(certificate)));
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "materialize-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        this.server.setExecutor(executor);
        this.server.createContext("/", this::handle);
        routes.add(new Route("SELECT ... mz_egress_ips", sql -> normalize(sql).startsWith("SELECT ")
                && normalize(sql).contains("MZ_EGRESS_IPS"), EGRESS_SPECIFICITY, this::egressRows));
        for (String prefix : List.of("CREATE SECRET", "ALTER SECRET", "CREATE CONNECTION", "CREATE SOURCE",
                "CREATE TABLE", "COMMENT ON", "DROP SECRET", "DROP CONNECTION", "DROP SOURCE", "DROP TABLE",
                "DROP VIEW", "VALIDATE CONNECTION")) {
            answer(prefix, catalog::execute);
        }
        answer(StandInCatalog.PRINCIPAL_QUERY, catalog::principal);
        answer(StandInCatalog.OBJECTS_QUERY, catalog::objects);
        answer(StandInCatalog.STATUS_QUERY, catalog::statuses);
        answer(StandInCatalog.DEPENDENTS_QUERY, catalog::dependents);
        this.server.start();
    }

    /** Starts a stand-in presenting the localhost certificate, accepting only this user and password. */
    public static MaterializeStandIn start(String user, String password) {
        return start(user, password, ServerCertificate.LOCALHOST);
    }

    /** Starts a stand-in presenting the given certificate, accepting only this user and password. */
    public static MaterializeStandIn start(String user, String password, ServerCertificate certificate) {
        try {
            return new MaterializeStandIn(user, password, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:port}: the host to give the client. */
    public String host() {
        return "127.0.0.1:" + port();
    }

    /** {@code name:port}, e.g. {@code host("localhost")}. */
    public String host(String name) {
        return name + ":" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A TLS context that trusts the stand-in's CA and nothing else (for the client under test). */
    public static SSLContext clientTls() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("materialize-stand-in-ca", certificates("ca.pem").get(0));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the stand-in's client TLS context", e);
        }
    }

    /** Sets the egress CIDRs mz_egress_ips answers (not validated: a test may serve a malformed one). */
    public void egressCidrs(List<String> cidrs) {
        egress = cidrs.stream().map(EgressRow::of).toList();
    }

    /** Sets the rows of mz_egress_ips as they are, null fields included. */
    public void egressRows(List<EgressRow> rows) {
        egress = List.copyOf(rows);
    }

    /** The CIDRs mz_egress_ips answers now. */
    public List<String> egressCidrs() {
        return egress.stream().map(EgressRow::cidr).toList();
    }

    /**
     * Answers every statement that starts with {@code prefix} (case and runs of white space ignored) with
     * {@code handler}. The longest matching prefix wins; among equal ones, the last registered. The built-in egress
     * read counts as a 7-character prefix: a handler for a longer prefix ({@code "SELECT cidr FROM"}) replaces it.
     */
    public void answer(String prefix, Handler handler) {
        String wanted = normalize(prefix);
        routes.add(0, new Route(prefix, sql -> normalize(sql).startsWith(wanted), wanted.length(), handler));
    }

    /** Answers every request with this status and Materialize's body for it (see {@link #failRequests(int, String, String)}). */
    public void failRequests(int status) {
        switch (status) {
            case 401 -> failRequests(401, "text/plain; charset=utf-8", "unauthorized");
            case 403, 500 -> failRequests(status, "application/json", Json.write(Json.MAPPER.createObjectNode()
                    .put("message", status == 403 ? "session denied by network policy" : "internal error")
                    .put("code", "XX000")));
            case 400 -> failRequests(400, "text/plain; charset=utf-8",
                    "Expected a keyword at the beginning of a statement, found identifier \"selec\"");
            case 422 -> failRequests(422, "text/plain; charset=utf-8",
                    "Failed to deserialize the JSON body into the target type: data did not match any variant of untagged enum SqlRequest");
            default -> failRequests(status, "text/plain; charset=utf-8", "stand-in failure " + status);
        }
    }

    /** Answers every authenticated request with this status, content type and body, until {@link #reset}. */
    public void failRequests(int status, String contentType, String body) {
        failure = new HttpFailure(status, contentType, body);
    }

    /** Answers every authenticated request with HTTP 200 and a body that is not JSON (cut short), until {@link #reset}. */
    public void answerMalformedJson() {
        malformedJson = true;
    }

    /** Waits this long before answering any request (to outlast the client's timeout), until {@link #reset}. */
    public void delay(Duration wait) {
        delay = wait;
    }

    /** Answers statements that start with {@code prefix} with an error result carrying {@code message}. */
    public void failStatement(String prefix, String message) {
        answer(prefix, statement -> Answer.error(message));
    }

    /**
     * Fails the next statement that starts with {@code prefix} (case and runs of white space ignored) that reaches the
     * catalog, with an error result carrying {@code message}; the statement changes nothing, and the one after runs.
     * A handler registered with {@link #answer} for a prefix as long or longer answers before the catalog does.
     */
    public void failStatementOnce(String prefix, String message) {
        catalog.failOnce(prefix, message);
    }

    /**
     * New sources and tables report {@code starting} to this many status reads, then {@code running} (as a source
     * whose snapshot has begun would); negative, the default: they stay {@code starting} until {@link #sourceStatus}.
     */
    public void sourcesRunAfter(int statusReads) {
        catalog.runAfterReads(statusReads);
    }

    /**
     * AWS PrivateLink from now on: each new AWS PRIVATELINK connection names {@code principal}
     * ({@code mz_aws_privatelink_connections}) and creates its endpoint through {@code network}, whose state
     * {@code VALIDATE CONNECTION} reports. Without a network, validating such a connection is an error.
     */
    public void privateLink(PrivateLinkNetwork network, String principal) {
        catalog.network(network, principal);
    }

    /** Sets the status and error {@code mz_internal.mz_source_statuses} reports for the source or table {@code name}. */
    public void sourceStatus(String name, String status, String error) {
        catalog.status(name, status, error);
    }

    /**
     * Puts an item in the catalog as someone else would have made it ({@code type}: secret, connection, source, table
     * or view), with this comment (null: none); returns its id.
     */
    public String seedObject(String type, String schema, String name, String comment) {
        return catalog.seed(type, schema, name, comment, null);
    }

    /**
     * As {@link #seedObject(String, String, String, String)}, depending on the item named {@code dependsOn} (in any
     * schema): a customer's view on one of our tables, or a table fed by our source ({@code mz_tables.source_id}).
     * {@code DROP} of that item is then refused without CASCADE, and {@code mz_internal.mz_object_dependencies}
     * lists the edge.
     */
    public String seedObject(String type, String schema, String name, String comment, String dependsOn) {
        return catalog.seed(type, schema, name, comment, dependsOn);
    }

    /** The catalog's item of this name (in any schema; the first made), if any. */
    public Optional<CatalogItem> catalogItem(String name) {
        return catalog.item(name);
    }

    /** Every item of the catalog, in creation order. */
    public List<CatalogItem> catalogItems() {
        return catalog.items();
    }

    /** The value a secret of the catalog holds now (what CREATE or ALTER SECRET gave it). */
    public Optional<String> secretValue(String name) {
        return catalog.secretValue(name);
    }

    /** Empties the catalog and forgets one-shot failures. */
    public void clearCatalog() {
        catalog.clear();
    }

    /** How error results are written from now on (the default: {@link ErrorShape#OBJECT}). */
    public void errorShape(ErrorShape shape) {
        errorShape = shape;
    }

    /** Ends {@link #failRequests}, {@link #answerMalformedJson} and {@link #delay}; handlers, egress rows and records stay. */
    public void reset() {
        failure = null;
        malformedJson = false;
        delay = Duration.ZERO;
    }

    /** Every statement of every authenticated request whose body parsed, in order, with its parameters. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The SQL of {@link #received}. */
    public List<String> statements() {
        return received.stream().map(Received::sql).toList();
    }

    /** Forgets what was received. */
    public void clearReceived() {
        received.clear();
    }

    /** How many HTTP requests arrived (any path, authenticated or not). */
    public int requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "MaterializeStandIn[https://" + host() + "/api/sql]";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            synchronized (this) {
                requests++;
            }
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!exchange.getRequestURI().getPath().equals("/api/sql")) {
                send(exchange, 404, "text/plain; charset=utf-8", "");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, "text/plain; charset=utf-8", "");
                return;
            }
            if (!authenticated(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=Materialize");
                send(exchange, 401, "text/plain; charset=utf-8", "unauthorized");
                return;
            }
            HttpFailure fail = failure;
            if (fail != null) {
                send(exchange, fail.status(), fail.contentType(), fail.body());
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                send(exchange, 415, "text/plain; charset=utf-8", "Expected request with `Content-Type: application/json`");
                return;
            }
            answer(exchange, new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private void answer(HttpExchange exchange, String body) throws IOException {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            send(exchange, 400, "text/plain; charset=utf-8", "Failed to parse the request body as JSON: " + e.getOriginalMessage());
            return;
        }
        List<Received> statements = new ArrayList<>();
        String refusal = statements(request, statements);
        if (refusal != null) {
            send(exchange, refusal.startsWith("each query") ? 400 : 422, "text/plain; charset=utf-8", refusal);
            return;
        }
        received.addAll(statements);
        if (malformedJson) {
            send(exchange, 200, "application/json", "{\"results\": [{\"ok\": \"SELECT");
            return;
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode results = response.putArray("results");
        for (Received statement : statements) {
            Answer answer = route(statement);
            results.add(answer.json(errorShape));
            if (answer.isError()) {
                break;
            }
        }
        send(exchange, 200, "application/json", Json.write(response));
    }

    /** Fills {@code out} with the request's statements, or returns why the request is refused (400 or 422 text). */
    private static String statements(JsonNode request, List<Received> out) {
        String shape = "Failed to deserialize the JSON body into the target type: data did not match any variant of"
                + " untagged enum SqlRequest";
        if (request == null || !request.isObject()) {
            return shape;
        }
        if (request.path("query").isTextual() && request.size() == 1) {
            for (String sql : split(request.get("query").asText())) {
                out.add(new Received(sql, List.of()));
            }
            return null;
        }
        if (!request.path("queries").isArray() || request.size() != 1) {
            return shape;
        }
        for (JsonNode query : request.get("queries")) {
            if (!query.isObject() || !query.path("query").isTextual()) {
                return shape;
            }
            List<String> params = new ArrayList<>();
            JsonNode given = query.get("params");
            if (given != null && !given.isNull()) {
                if (!given.isArray()) {
                    return shape;
                }
                for (JsonNode param : given) {
                    if (!param.isTextual() && !param.isNull()) {
                        return shape;
                    }
                    params.add(param.isNull() ? null : param.asText());
                }
            }
            String sql = query.get("query").asText();
            List<String> parts = split(sql);
            if (parts.size() != 1) {
                return "each query must contain exactly 1 statement, but \"" + sql + "\" contains " + parts.size();
            }
            out.add(new Received(parts.get(0), params));
        }
        return null;
    }

    /** Statements of a query string: split on semicolons outside quotes, empty ones dropped. */
    static List<String> split(String query) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : query.toCharArray()) {
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            if (c == ';' && quote == 0) {
                add(statements, current);
            } else {
                current.append(c);
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    private Answer route(Received statement) {
        Route best = null;
        for (Route route : routes) {
            if (route.matches().test(statement.sql()) && (best == null || route.specificity() > best.specificity())) {
                best = route;
            }
        }
        return best == null ? Answer.error("the Materialize stand-in has no answer for: " + statement.sql())
                : best.handler().answer(statement);
    }

    private Answer egressRows(Received statement) {
        Matcher select = SELECT_LIST.matcher(statement.sql());
        if (!select.matches()) {
            return Answer.error("the Materialize stand-in cannot read this query: " + statement.sql());
        }
        List<String> columns = new ArrayList<>();
        for (String column : select.group(1).split(",")) {
            String name = column.strip().toLowerCase(Locale.ROOT);
            if (name.equals("*")) {
                columns.addAll(EGRESS_COLUMNS);
            } else if (EGRESS_COLUMNS.contains(name)) {
                columns.add(name);
            } else {
                return Answer.error("column \"" + name + "\" does not exist", "42703");
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (EgressRow row : egress) {
            List<Object> values = new ArrayList<>();
            for (String column : columns) {
                values.add(switch (column) {
                    case "egress_ip" -> row.egressIp();
                    case "prefix_length" -> row.prefixLength();
                    default -> row.cidr();
                });
            }
            rows.add(values);
        }
        return Answer.rows(columns, rows);
    }

    private boolean authenticated(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            return decoded.equals(user + ":" + password);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String normalize(String sql) {
        return sql.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    private static SSLContext serverTls(ServerCertificate certificate) {
        try {
            List<Certificate> chain = new ArrayList<>(certificates(certificate.file + ".crt"));
            chain.addAll(certificates("ca.pem"));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] none = new char[0];
            keys.setKeyEntry("materialize-stand-in", privateKey(certificate.file + ".key"), none,
                    chain.toArray(new Certificate[0]));
            KeyManagerFactory manager = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            manager.init(keys, none);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(manager.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the stand-in's server TLS context", e);
        }
    }

    private static List<Certificate> certificates(String file) throws IOException, GeneralSecurityException {
        return new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(resource(file))));
    }

    private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
        String pem = new String(resource(file), StandardCharsets.US_ASCII);
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = MaterializeStandIn.class.getResourceAsStream(TLS + file)) {
            if (in == null) {
                throw new IOException("The stand-in's TLS file " + TLS + file + " is missing from the classpath");
            }
            return in.readAllBytes();
        }
    }
}
