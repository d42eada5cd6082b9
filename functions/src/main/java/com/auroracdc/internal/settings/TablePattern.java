package com.auroracdc.internal.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of the tables setting: {@code *} (every table), {@code schema.*} (every table of a schema) or
 * {@code schema.table}. Names follow PostgreSQL's rules: bare names fold to lower case, double-quoted names
 * keep their exact spelling ({@code "Sales"."Order ""2024"""}). Parsed names are raw identifiers, never SQL:
 * whoever writes SQL must quote them.
 */
public record TablePattern(Kind kind, String schema, String table) {
    public enum Kind { ALL_TABLES, SCHEMA, TABLE }

    private static final Pattern BARE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final int MAX_IDENTIFIER_BYTES = 63;

    public static TablePattern allTables() {
        return new TablePattern(Kind.ALL_TABLES, null, null);
    }

    public static TablePattern schema(String schema) {
        return new TablePattern(Kind.SCHEMA, schema, null);
    }

    public static TablePattern table(String schema, String table) {
        return new TablePattern(Kind.TABLE, schema, table);
    }

    /** Parses one entry; throws {@link IllegalArgumentException} with the reason when it is malformed. */
    @JsonCreator
    public static TablePattern parse(String text) {
        if (text.equals("*")) {
            return allTables();
        }
        List<String> parts = splitQualifiedName(text);
        if (parts.size() != 2) {
            throw new IllegalArgumentException("'" + text + "' is not schema.table, schema.* or *");
        }
        String schema = identifier(parts.get(0), text);
        return parts.get(1).equals("*") ? schema(schema) : table(schema, identifier(parts.get(1), text));
    }

    /** The canonical text form, which {@link #parse} reads back to an equal pattern. */
    @JsonValue
    @Override
    public String toString() {
        return switch (kind) {
            case ALL_TABLES -> "*";
            case SCHEMA -> render(schema) + ".*";
            case TABLE -> render(schema) + "." + render(table);
        };
    }

    private static String render(String identifier) {
        return BARE.matcher(identifier).matches() && identifier.equals(identifier.toLowerCase(Locale.ROOT))
                ? identifier
                : '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static List<String> splitQualifiedName(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    current.append("\"\"");
                    i++;
                    continue;
                }
                quoted = !quoted;
                current.append(c);
            } else if (c == '.' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("'" + text + "' has an unclosed double quote");
        }
        parts.add(current.toString());
        return parts;
    }

    private static String identifier(String part, String whole) {
        String name;
        if (part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"")) {
            name = part.substring(1, part.length() - 1).replace("\"\"", "\"");
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("'" + whole + "' has an empty or invalid quoted name");
            }
        } else if (BARE.matcher(part).matches()) {
            name = part.toLowerCase(Locale.ROOT);
        } else {
            throw new IllegalArgumentException("'" + whole + "': '" + part
                    + "' is not a plain name (letters, digits, _ and $); put other names in double quotes");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("'" + whole + "': a name is longer than PostgreSQL's 63 bytes");
        }
        return name;
    }
}
