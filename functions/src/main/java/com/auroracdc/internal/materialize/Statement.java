package com.auroracdc.internal.materialize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One statement of a request to Materialize's HTTP SQL API (extended mode: one statement per query), with its
 * parameters ({@code $1}, {@code $2}, ...: text or null, as the API takes them) and the values that must never appear
 * in a message.
 *
 * <p>Secrets: a value given to {@link #withSecrets} (typically the database password inside
 * {@code CREATE SECRET ... AS '...'}, or a parameter that holds one) is masked by {@link MaterializeSqlApi} in every
 * message it builds, for every statement of the request (Materialize may echo any statement's text in an error), and
 * by {@link #toString}. The client's own password is always masked; nothing else is.
 *
 * @param sql     one SQL statement
 * @param params  the parameters' text values, in order; an element may be null (SQL NULL)
 * @param secrets values to mask in messages (empty strings are ignored)
 */
public record Statement(String sql, List<String> params, Set<String> secrets) {
    public Statement {
        Objects.requireNonNull(sql, "sql");
        if (sql.isBlank()) {
            throw new IllegalArgumentException("A statement needs SQL text");
        }
        params = Collections.unmodifiableList(new ArrayList<>(params));
        Set<String> kept = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                kept.add(secret);
            }
        }
        secrets = Collections.unmodifiableSet(kept);
    }

    /** A statement with text parameters (none, or {@code $1}...), and no secret. */
    public static Statement of(String sql, String... params) {
        return new Statement(sql, params.length == 0 ? List.of() : Arrays.asList(params.clone()), Set.of());
    }

    /** This statement, with more values that no message may show (see the class comment). */
    public Statement withSecrets(String... values) {
        Set<String> all = new LinkedHashSet<>(secrets);
        all.addAll(Arrays.asList(values));
        return new Statement(sql, params, all);
    }

    /** The SQL and parameters with this statement's secrets masked. */
    @Override
    public String toString() {
        Masking masking = new Masking(secrets);
        return "Statement[" + masking.apply(sql) + (params.isEmpty() ? "" : ", params " + masking.apply(params.toString()))
                + "]";
    }
}
