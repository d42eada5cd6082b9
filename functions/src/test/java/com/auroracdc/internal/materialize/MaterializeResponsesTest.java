package com.auroracdc.internal.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.errors.MaterializeAuthenticationException;
import com.auroracdc.errors.MaterializeResponseException;
import com.auroracdc.errors.MaterializeStatementException;
import com.auroracdc.errors.MaterializeUnreachableException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of the Materialize HTTP SQL API client: the request body, the host, the response JSON (both error
 * shapes), the HTTP statuses and the masking of secrets. No network.
 */
class MaterializeResponsesTest {
    private static final String PASSWORD = "app-pass'word";
    private static final Masking NONE = new Masking(List.of());
    private static final String WHERE = "Materialize at mz.example";

    private final MaterializeSqlApi api = new MaterializeSqlApi("mz.example", "me@example.com", PASSWORD, tls(),
            Duration.ofSeconds(1), Duration.ofSeconds(1));

    private static SSLContext tls() {
        try {
            return SSLContext.getDefault();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        api.close();
    }

    private List<Result> interpret(int status, String body, Statement... statements) {
        List<Statement> list = List.of(statements);
        return api.interpret(status, Optional.empty(), body, list, api.masking(list));
    }

    @Test
    void theBodyIsTheExtendedModeWithTextParameters() {
        String body = MaterializeSqlApi.body(List.of(Statement.of("SELECT 1"),
                new Statement("SELECT $1, $2", Arrays.asList("a'b", null), Set.of())));

        assertThat(body).isEqualTo("{\"queries\":[{\"query\":\"SELECT 1\"},"
                + "{\"query\":\"SELECT $1, $2\",\"params\":[\"a'b\",null]}]}");
    }

    @Test
    void hostsAreHostAndPortOverHttpsOnly() {
        assertThat(MaterializeSqlApi.host("abc.us-east-1.aws.materialize.cloud")).isEqualTo("abc.us-east-1.aws.materialize.cloud");
        assertThat(MaterializeSqlApi.host(" https://abc.materialize.cloud:443/ ")).isEqualTo("abc.materialize.cloud:443");
        assertThat(MaterializeSqlApi.host("HTTPS://localhost:6876")).isEqualTo("localhost:6876");
        assertThat(MaterializeSqlApi.host("[::1]:6876")).isEqualTo("[::1]:6876");
        for (String bad : List.of("http://abc.materialize.cloud", "HTTP://abc", "ftp://abc", "abc/api/sql",
                "user:pw@abc", "abc:0", "abc:70000", "abc?x=1", "", "  ", "a b")) {
            assertThatThrownBy(() -> MaterializeSqlApi.host(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> MaterializeSqlApi.host("http://abc")).hasMessageContaining("refused")
                .hasMessageContaining("clear text");
    }

    @Test
    void rowsOkAndNoticesAreRead() {
        String body = """
                {"results": [
                  {"tag": "SELECT 2", "rows": [["98.80.4.128", 27, "98.80.4.128/27"], [null, 32, {"a": 1}]],
                   "col_names": ["egress_ip", "prefix_length", "cidr"], "notices": []},
                  {"ok": "CREATE SOURCE", "notices": [{"severity": "notice", "message": "hi", "detail": "d"}]}
                ]}""";

        Responses.Parsed parsed = Responses.parse(body, 2, NONE, WHERE);

        assertThat(parsed.failure()).isNull();
        Result rows = parsed.results().get(0);
        assertThat(rows.returnedRows()).isTrue();
        assertThat(rows.tag()).isEqualTo("SELECT 2");
        assertThat(rows.texts("egress_ip")).containsExactly("98.80.4.128", null);
        assertThat(rows.texts("prefix_length")).containsExactly("27", "32");
        assertThat(rows.text(1, "cidr")).isEqualTo("{\"a\":1}");
        Result ok = parsed.results().get(1);
        assertThat(ok.returnedRows()).isFalse();
        assertThat(ok.tag()).isEqualTo("CREATE SOURCE");
        assertThat(ok.notices()).containsExactly(new Result.Notice("notice", "hi"));
        assertThatThrownBy(() -> rows.column("missing")).isInstanceOf(MaterializeResponseException.class)
                .hasMessageContaining("no column missing");
    }

    @Test
    void anErrorIsReadAsTheDocumentedStringOrTheNewerObject() {
        Responses.Failure text = Responses.parse("{\"results\": [{\"ok\": \"CREATE SECRET\", \"notices\": []},"
                + " {\"error\": \"unknown catalog item 'x'\", \"notices\": []}, {\"ok\": \"ignored\"}]}", 3, NONE, WHERE).failure();
        Responses.Failure object = Responses.parse("{\"results\": [{\"error\": {\"message\": \"m\", \"code\": \"42P01\","
                + " \"detail\": \"d\", \"hint\": \"h\"}, \"notices\": []}]}", 1, NONE, WHERE).failure();

        assertThat(text).isEqualTo(new Responses.Failure(1, "unknown catalog item 'x'", null, null, null));
        assertThat(object).isEqualTo(new Responses.Failure(0, "m", "42P01", "d", "h"));
    }

    @Test
    void anErrorInsideResultsIsAStatementError() {
        assertThatThrownBy(() -> interpret(200, "{\"results\": [{\"ok\": \"CREATE SECRET\", \"notices\": []},"
                + " {\"error\": {\"message\": \"db error: password authentication failed\", \"code\": \"XX000\","
                + " \"hint\": \"check it\"}, \"notices\": []}]}", Statement.of("CREATE SECRET s AS 'x'"),
                Statement.of("CREATE CONNECTION c TO POSTGRES (HOST 'h')"), Statement.of("CREATE SOURCE src")))
                .isInstanceOfSatisfying(MaterializeStatementException.class, e -> {
                    assertThat(e.statementIndex()).isEqualTo(1);
                    assertThat(e.code()).isEqualTo("XX000");
                })
                .hasMessageContaining("refused statement 2 of 3: db error: password authentication failed (SQLSTATE XX000)")
                .hasMessageContaining("Hint: check it")
                .hasMessageContaining("Statement: CREATE CONNECTION c TO POSTGRES (HOST 'h')")
                .hasMessageContaining("The 1 statement before it ran");
    }

    @Test
    void shapesOtherThanTheDocumentedOnesAreResponseErrors() {
        for (String body : List.of("", "not json", "[]", "{}", "{\"results\": {}}", "{\"results\": [1]}",
                "{\"results\": [{\"notices\": []}]}", "{\"results\": [{\"ok\": 1}]}",
                "{\"results\": [{\"rows\": [[1]], \"col_names\": [\"a\", \"b\"]}]}",
                "{\"results\": [{\"rows\": [], \"tag\": \"SELECT 0\"}]}",
                "{\"results\": [{\"error\": 42}]}", "{\"results\": [{\"ok\": \"x\", \"notices\": {}}]}",
                "{\"results\": []}", "{\"results\": [{\"ok\": \"x\"}, {\"ok\": \"y\"}]}")) {
            assertThatThrownBy(() -> Responses.parse(body, 1, NONE, WHERE)).as(body)
                    .isInstanceOf(MaterializeResponseException.class).hasMessageStartingWith(WHERE + " answered with");
        }
    }

    @Test
    void statusesAreNamed() {
        Statement select = Statement.of("SELECT 1");
        assertThatThrownBy(() -> interpret(401, "unauthorized", select)).isInstanceOf(MaterializeAuthenticationException.class)
                .hasMessageContaining("HTTP 401: unauthorized").hasMessageContaining("me@example.com");
        assertThatThrownBy(() -> interpret(403, "{\"message\": \"denied\", \"code\": \"XX000\"}", select))
                .isInstanceOf(MaterializeAuthenticationException.class).hasMessageContaining("HTTP 403: denied");
        for (int status : List.of(400, 415, 422)) {
            assertThatThrownBy(() -> interpret(status, "bad", select)).isInstanceOf(MaterializeResponseException.class)
                    .hasMessageContaining("HTTP " + status + ": bad").hasMessageContaining("malformed");
        }
        for (int status : List.of(502, 503, 504)) {
            assertThatThrownBy(() -> interpret(status, "", select)).isInstanceOf(MaterializeUnreachableException.class)
                    .hasMessageContaining("HTTP " + status + ")");
        }
        assertThatThrownBy(() -> interpret(500, "{\"message\": \"internal error\", \"code\": \"XX000\"}", select))
                .isInstanceOf(MaterializeResponseException.class).hasMessageContaining("HTTP 500: internal error");
        assertThatThrownBy(() -> interpret(404, "", select)).isInstanceOf(MaterializeResponseException.class)
                .hasMessageContaining("no SQL API at /api/sql");
        assertThatThrownBy(() -> api.interpret(302, Optional.of("https://elsewhere.example/"), "", List.of(select),
                api.masking(List.of(select)))).isInstanceOf(MaterializeResponseException.class)
                .hasMessageContaining("redirected the request (HTTP 302 to https://elsewhere.example/); not followed");
    }

    @Test
    void secretsAreMaskedAsWrittenAsSqlLiteralsAndAsJson() {
        String secret = "pa's\"s";
        Masking masking = new Masking(List.of(PASSWORD)).with(List.of(secret));

        assertThat(masking.apply("raw pa's\"s, sql 'pa''s\"s', json \"pa's\\\"s\", password app-pass'word"))
                .isEqualTo("raw ****, sql '****', json \"****\", password ****");
        assertThat(masking.apply(null)).isNull();
    }

    @Test
    void anExcerptIsMaskedBeforeItIsCut() {
        String secret = "S3CRET-VALUE";
        String text = "x".repeat(495) + secret + " tail";

        assertThat(new Masking(List.of(secret)).excerpt(text)).doesNotContain("S3CRE").endsWith("...");
        assertThat(new Masking(List.of(secret)).excerpt("  two\n  lines  ")).isEqualTo("two lines");
    }

    @Test
    void everySecretOfTheRequestAndThePasswordAreMaskedInServerTexts() {
        Statement first = Statement.of("CREATE SECRET a AS 'first-secret'").withSecrets("first-secret");
        Statement second = Statement.of("CREATE SECRET b AS $1", "second-secret").withSecrets("second-secret");

        assertThatThrownBy(() -> interpret(400, "each query must contain exactly 1 statement: first-secret,"
                + " second-secret, " + PASSWORD, first, second))
                .hasMessageContaining("exactly 1 statement: ****, ****, ****")
                .hasMessageNotContaining("first-secret").hasMessageNotContaining("second-secret");
        assertThatThrownBy(() -> interpret(200, "{\"results\": [{\"error\": \"bad 'first-secret' and second-secret\","
                + " \"notices\": []}]}", first, second))
                .hasMessageContaining("bad '****' and ****").hasMessageContaining("Statement: CREATE SECRET a AS '****'");
    }

    @Test
    void neitherStatementNorClientShowsASecret() {
        Statement statement = Statement.of("CREATE SECRET a AS $1", "hidden-value").withSecrets("hidden-value", "");

        assertThat(statement.toString()).isEqualTo("Statement[CREATE SECRET a AS $1, params [****]]");
        assertThat(statement.secrets()).containsExactly("hidden-value");
        assertThat(api.toString()).isEqualTo("MaterializeSqlApi[https://mz.example/api/sql, user me@example.com]");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new MaterializeSqlApi("mz.example", "a:b", PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> new MaterializeSqlApi("mz.example", "me", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> api.run(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Statement.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
