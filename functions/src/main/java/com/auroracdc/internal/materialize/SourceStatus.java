package com.auroracdc.internal.materialize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a cluster's source and its tables stand in Materialize: each object's row of
 * {@code mz_internal.mz_source_statuses} (the source tracks the connection, each table the ingestion of one upstream
 * table, and each reports its own status), and one state for the whole. For the state machine's bounded wait after
 * setup and for drift; read only.
 *
 * @param state   the whole: {@link SourceState#MISSING} if the source or a table does not exist; else the first of
 *                failed, stalled, dropped, paused that any object is in; running when all are; starting when any is;
 *                else created
 * @param objects each existing object's status, the source first
 */
public record SourceStatus(SourceState state, List<ObjectStatus> objects) {
    /**
     * The statuses of the source {@code $1} and of the tables fed by it. The {@code details} column is not read: its
     * shape is not documented as stable.
     */
    static final String QUERY = "SELECT st.id, st.name, st.type, st.status, st.error"
            + " FROM mz_internal.mz_source_statuses AS st"
            + " WHERE st.id = $1 OR st.id IN (SELECT t.id FROM mz_catalog.mz_tables AS t WHERE t.source_id = $1)"
            + " ORDER BY st.name";

    public SourceStatus {
        objects = List.copyOf(objects);
    }

    /** One object's status row. {@code error} is Materialize's text, or null. */
    public record ObjectStatus(String name, String type, String status, SourceState state, String error) {
    }

    /** Reads the spec's source and tables: the observer's query, then, if the source exists, their statuses. */
    public static SourceStatus read(MaterializeSqlApi api, MaterializeSourceSpec spec) {
        Map<String, ObservedObject> found = new MaterializeObserver(api).observe(MaterializeObserver.names(spec));
        SourceStatus status = statuses(api, found.get(spec.source()));
        boolean tablesExist = spec.tables().stream().allMatch(t -> found.containsKey(spec.tableName(t)));
        return tablesExist ? status : new SourceStatus(SourceState.MISSING, status.objects());
    }

    /** The source named {@code source} and the tables fed by it, whatever tables they are (the drift check's view). */
    public static SourceStatus ofSource(MaterializeSqlApi api, String source) {
        return statuses(api, new MaterializeObserver(api).observe(List.of(source)).get(source));
    }

    private static SourceStatus statuses(MaterializeSqlApi api, ObservedObject source) {
        if (source == null || !"source".equals(source.type())) {
            return new SourceStatus(SourceState.MISSING, List.of());
        }
        Result result = api.query(QUERY, source.id());
        List<ObjectStatus> objects = new ArrayList<>();
        for (int row = 0; row < result.rows().size(); row++) {
            String status = result.text(row, "status");
            ObjectStatus object = new ObjectStatus(result.text(row, "name"), result.text(row, "type"), status,
                    SourceState.of(status), result.text(row, "error"));
            if (source.id().equals(result.text(row, "id"))) {
                objects.add(0, object);
            } else {
                objects.add(object);
            }
        }
        return new SourceStatus(whole(objects), objects);
    }

    static SourceState whole(List<ObjectStatus> objects) {
        for (SourceState worst : List.of(SourceState.FAILED, SourceState.STALLED, SourceState.DROPPED,
                SourceState.PAUSED)) {
            if (objects.stream().anyMatch(o -> o.state() == worst)) {
                return worst;
            }
        }
        if (!objects.isEmpty() && objects.stream().allMatch(o -> o.state() == SourceState.RUNNING)) {
            return SourceState.RUNNING;
        }
        return objects.stream().anyMatch(o -> o.state() == SourceState.STARTING || o.state() == SourceState.RUNNING)
                ? SourceState.STARTING : SourceState.CREATED;
    }

    /** Materialize's error text of each object in error, {@code name (status): error}; empty when none is. */
    public String errors() {
        return objects.stream().filter(o -> o.state().isError())
                .map(o -> o.name() + " (" + o.status() + "): " + (o.error() == null ? "no error text" : o.error()))
                .collect(Collectors.joining("; "));
    }
}
