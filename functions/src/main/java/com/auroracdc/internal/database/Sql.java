package com.auroracdc.internal.database;

import com.auroracdc.errors.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Quoting for the few places where names must be spelled into SQL (DDL takes no bind parameters).
 * Every identifier goes through {@link #ident}: always double-quoted, so case, spaces, quotes, semicolons
 * and unicode are kept exactly; names PostgreSQL would silently truncate or cannot store are refused.
 */
public final class Sql {
    /** PostgreSQL's NAMEDATALEN - 1: longer names are truncated by the server, so a quoted one would not match. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    private Sql() {
    }

    public static String ident(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidSettingException("tables", "An empty name cannot be used in SQL.");
        }
        if (name.indexOf('\0') >= 0) {
            throw new InvalidSettingException("tables", "A name contains a NUL character, which PostgreSQL cannot store.");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new InvalidSettingException("tables", "The name '" + name + "' is longer than PostgreSQL's 63 bytes.");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal; the session runs with standard_conforming_strings = on, so only quotes need doubling. */
    public static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A text contains a NUL character.");
        }
        return '\'' + text.replace("'", "''") + '\'';
    }

    public static String identList(Collection<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    public static String tableList(Collection<QualifiedName> tables) {
        return tables.stream().map(QualifiedName::sql).collect(Collectors.joining(", "));
    }
}
