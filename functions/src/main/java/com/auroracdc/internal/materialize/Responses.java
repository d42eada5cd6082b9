package com.auroracdc.internal.materialize;

import com.auroracdc.errors.MaterializeResponseException;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of a successful {@code POST /api/sql}: {@code {"results": [...]}}, one result per statement, each
 * {@code {"tag", "rows", "col_names", "notices"}}, {@code {"ok", "notices"}} or {@code {"error", "notices"}}. The
 * documentation's {@code error} is a string; newer Materialize versions send an object
 * {@code {"message", "code", "detail"?, "hint"?}}: both are read. Materialize stops at the first error, so the
 * results end there (anything after it is ignored). Every text quoted in a message is masked first.
 */
final class Responses {
    private Responses() {
    }

    /** Materialize's error for one statement. {@code code}, {@code detail} and {@code hint} may be null. */
    record Failure(int index, String message, String code, String detail, String hint) {
    }

    /** The results before the first error, and that error (null when every statement succeeded). */
    record Parsed(List<Result> results, Failure failure) {
    }

    /**
     * Parses the body of a success answer to {@code statements} statements, or throws
     * {@link MaterializeResponseException} naming what does not match the documented shape ({@code where} says
     * which Materialize, e.g. {@code "Materialize at host:443"}).
     */
    static Parsed parse(String body, int statements, Masking masking, String where) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw shape(where, "a body that is not JSON (" + masking.excerpt(e.getOriginalMessage()) + "): "
                    + masking.excerpt(body));
        }
        if (root == null || root.isMissingNode() || !root.isObject() || !root.path("results").isArray()) {
            throw shape(where, "JSON without a results array: " + masking.excerpt(body));
        }
        List<Result> results = new ArrayList<>();
        JsonNode array = root.get("results");
        for (int i = 0; i < array.size(); i++) {
            JsonNode result = array.get(i);
            if (!result.isObject()) {
                throw shape(where, "result " + (i + 1) + " that is not an object: " + masking.excerpt(result.toString()));
            }
            List<Result.Notice> notices = notices(result.get("notices"), masking, where, i);
            if (result.has("error")) {
                return new Parsed(results, failure(i, result.get("error"), masking, where));
            } else if (result.has("rows")) {
                results.add(rows(i, result, notices, masking, where));
            } else if (result.has("ok")) {
                if (!result.get("ok").isTextual()) {
                    throw shape(where, "result " + (i + 1) + " whose ok tag is not text: " + masking.excerpt(result.toString()));
                }
                results.add(Result.ok(result.get("ok").asText(), notices));
            } else {
                throw shape(where, "result " + (i + 1) + " with none of rows, ok or error: " + masking.excerpt(result.toString()));
            }
        }
        if (results.size() != statements) {
            throw shape(where, results.size() + " results for " + statements + " statements, and no error");
        }
        return new Parsed(results, null);
    }

    private static Result rows(int i, JsonNode result, List<Result.Notice> notices, Masking masking, String where) {
        JsonNode rows = result.get("rows");
        JsonNode names = result.get("col_names");
        JsonNode tag = result.get("tag");
        if (!rows.isArray() || names == null || !names.isArray() || tag != null && !tag.isTextual() && !tag.isNull()) {
            throw shape(where, "result " + (i + 1) + " whose rows, col_names or tag are not of the documented types: "
                    + masking.excerpt(result.toString()));
        }
        List<String> columns = new ArrayList<>();
        for (JsonNode name : names) {
            if (!name.isTextual()) {
                throw shape(where, "result " + (i + 1) + " with a column name that is not text: " + masking.excerpt(names.toString()));
            }
            columns.add(name.asText());
        }
        List<List<JsonNode>> values = new ArrayList<>();
        for (JsonNode row : rows) {
            if (!row.isArray() || row.size() != columns.size()) {
                throw shape(where, "result " + (i + 1) + " with a row that is not an array of " + columns.size()
                        + " values: " + masking.excerpt(row.toString()));
            }
            List<JsonNode> cells = new ArrayList<>();
            row.forEach(cells::add);
            values.add(cells);
        }
        return new Result(tag == null || tag.isNull() ? null : tag.asText(), true, columns, values, notices);
    }

    private static Failure failure(int i, JsonNode error, Masking masking, String where) {
        if (error.isTextual()) {
            return new Failure(i, masking.apply(error.asText()), null, null, null);
        }
        if (error.isObject() && error.path("message").isTextual()) {
            return new Failure(i, masking.apply(error.get("message").asText()), textOrNull(error.get("code")),
                    masking.apply(textOrNull(error.get("detail"))), masking.apply(textOrNull(error.get("hint"))));
        }
        throw shape(where, "result " + (i + 1) + " whose error is neither text nor an object with a message: "
                + masking.excerpt(error.toString()));
    }

    private static List<Result.Notice> notices(JsonNode notices, Masking masking, String where, int i) {
        List<Result.Notice> list = new ArrayList<>();
        if (notices == null || notices.isNull()) {
            return list;
        }
        if (!notices.isArray()) {
            throw shape(where, "result " + (i + 1) + " whose notices are not an array: " + masking.excerpt(notices.toString()));
        }
        for (JsonNode notice : notices) {
            list.add(new Result.Notice(textOrNull(notice.get("severity")), masking.apply(textOrNull(notice.get("message")))));
        }
        return list;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
    }

    private static MaterializeResponseException shape(String where, String what) {
        return new MaterializeResponseException(where + " answered with " + what + ". The documented answer is"
                + " {\"results\": [...]} with one rows, ok or error result per statement (\"Connect to Materialize via"
                + " HTTP\"); a proxy between may have answered instead, or the Materialize version changed the format.");
    }
}
