package com.auroracdc.internal.materialize;

import com.auroracdc.errors.MaterializeResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of one statement, as Materialize's HTTP SQL API reports it: rows with their column names and command tag
 * ({@code {"tag": "SELECT 2", "rows": [[...]], "col_names": [...]}}) or only a tag ({@code {"ok": "CREATE SOURCE"}}),
 * with the notices either carried. (An {@code error} result is never a Result: it throws
 * {@link com.auroracdc.errors.MaterializeStatementException}.)
 *
 * @param tag          the command tag ({@code SELECT 2}, {@code CREATE SECRET}); may be null for rows from a version
 *                     that sends none
 * @param returnedRows whether the statement returned rows (a {@code rows} result) rather than only a tag
 * @param columns      the column names, in order (empty for an {@code ok} result)
 * @param rows         each row's values as JSON (text as strings, numbers as numbers, SQL NULL as JSON null); do not
 *                     modify them
 * @param notices      the notices Materialize generated while running the statement
 */
public record Result(String tag, boolean returnedRows, List<String> columns, List<List<JsonNode>> rows,
                     List<Notice> notices) {
    public Result {
        columns = List.copyOf(columns);
        rows = rows.stream().map(row -> List.copyOf(row)).toList();
        notices = List.copyOf(notices);
    }

    /** A notice: {@code {"severity": "notice", "message": "..."}}. */
    public record Notice(String severity, String message) {
    }

    static Result ok(String tag, List<Notice> notices) {
        return new Result(tag, false, List.of(), List.of(), notices);
    }

    /** The position of a column, or {@link MaterializeResponseException} when the result has no such column. */
    public int column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new MaterializeResponseException("Materialize's result (" + tag + ") has no column " + name
                    + " (columns: " + columns + "). The Materialize version may name it otherwise; this automation"
                    + " needs an update for it.");
        }
        return index;
    }

    /** One value as text: a JSON string's text, a number's or boolean's digits or word, other JSON as JSON; null for SQL NULL. */
    public String text(int row, String column) {
        return text(rows.get(row).get(column(column)));
    }

    /** A column's values as text (see {@link #text(int, String)}), one per row. */
    public List<String> texts(String column) {
        int index = column(column);
        List<String> values = new ArrayList<>();
        for (List<JsonNode> row : rows) {
            values.add(text(row.get(index)));
        }
        return values;
    }

    static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
