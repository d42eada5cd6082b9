package com.auroracdc.local.materialize;

import com.auroracdc.local.materialize.MaterializeStandIn.Answer;
import com.auroracdc.local.materialize.MaterializeStandIn.CatalogItem;
import com.auroracdc.local.materialize.MaterializeStandIn.Received;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in's small catalog: the secrets, connections, sources, tables (and seeded views) of the database
 * {@code materialize}, with their comments and the statuses {@code mz_internal.mz_source_statuses} reports. It runs the
 * statements the source stage sends by pattern matching (not a SQL parser) and answers the two catalog queries it
 * sends ({@code MaterializeObserver}'s and {@code SourceStatus}'s) from that state, in the documented result shapes.
 * A statement it does not recognise is an error result, so a test never passes on SQL nobody checked.
 *
 * <p>Like Materialize (see local/FIDELITY.md): item names share one namespace per schema (a second item of a name is
 * refused, {@code IF NOT EXISTS} skips it); a connection's {@code PASSWORD SECRET} and a source's connection must
 * exist; a table's source must exist; {@code DROP} refuses an item others depend on unless {@code CASCADE}; a
 * statement that fails changes nothing; an AWS PRIVATELINK connection names a principal
 * ({@code mz_aws_privatelink_connections}), and {@code VALIDATE CONNECTION} of it succeeds only once Materialize's
 * endpoint to the service is available (asked of a {@link MaterializeStandIn.PrivateLinkNetwork}). Guessed: error texts and SQLSTATEs, the starting status of a new source or
 * table ({@code starting}, until {@link MaterializeStandIn#sourceStatus} says otherwise).
 */
final class StandInCatalog {
    static final String OBJECTS_QUERY = "SELECT o.id, o.name, o.type, c.comment, t.source_id FROM mz_catalog.mz_objects";
    static final String DEPENDENTS_QUERY = "SELECT dep.referenced_object_id AS referenced_id, o.id, db.name AS"
            + " database_name, s.name AS schema_name, o.name, o.type, c.comment, t.source_id FROM"
            + " mz_internal.mz_object_dependencies";
    static final String STATUS_QUERY = "SELECT st.id, st.name, st.type, st.status, st.error FROM"
            + " mz_internal.mz_source_statuses";
    static final String PRINCIPAL_QUERY = "SELECT principal FROM mz_catalog.mz_aws_privatelink_connections";
    /** Until {@link MaterializeStandIn#privateLinkPrincipal} says otherwise: the shape of the docs' example. */
    static final String DEFAULT_PRINCIPAL = "arn:aws:iam::664411391173:role/mz_20273b7c-2bbe-42b8-8c36-8cc179e9bbc3_u1";

    private static final String NAME = "((?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)(?:\\.(?:\"(?:[^\"]|\"\")*\"|"
            + "[A-Za-z_][A-Za-z0-9_$]*))*)";
    private static final String LITERAL = "('(?:[^']|'')*')";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern CREATE_SECRET = Pattern.compile("CREATE SECRET (IF NOT EXISTS )?" + NAME + " AS "
            + LITERAL, FLAGS);
    private static final Pattern ALTER_SECRET = Pattern.compile("ALTER SECRET (IF EXISTS )?" + NAME + " AS " + LITERAL,
            FLAGS);
    private static final Pattern CREATE_CONNECTION = Pattern.compile("CREATE CONNECTION (IF NOT EXISTS )?" + NAME
            + " TO POSTGRES \\((.*)\\)", FLAGS);
    private static final Pattern PASSWORD_SECRET = Pattern.compile("PASSWORD SECRET " + NAME, FLAGS);
    private static final Pattern CREATE_PRIVATELINK = Pattern.compile("CREATE CONNECTION (IF NOT EXISTS )?" + NAME
            + " TO AWS PRIVATELINK \\(SERVICE NAME " + LITERAL + ", AVAILABILITY ZONES \\(([^)]*)\\)\\)", FLAGS);
    private static final Pattern THROUGH_PRIVATELINK = Pattern.compile("AWS PRIVATELINK " + NAME, FLAGS);
    private static final Pattern VALIDATE = Pattern.compile("VALIDATE CONNECTION " + NAME, FLAGS);
    private static final Pattern CREATE_SOURCE = Pattern.compile("CREATE SOURCE (IF NOT EXISTS )?" + NAME
            + "(?: IN CLUSTER " + NAME + ")? FROM POSTGRES CONNECTION " + NAME + " \\(PUBLICATION " + LITERAL
            + "\\)(.*)", FLAGS);
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE (IF NOT EXISTS )?" + NAME
            + " FROM SOURCE " + NAME + " \\(REFERENCE " + NAME + "\\)", FLAGS);
    private static final Pattern COMMENT_ON = Pattern.compile("COMMENT ON (SECRET|CONNECTION|SOURCE|TABLE|VIEW) "
            + NAME + " IS (" + LITERAL + "|NULL)", FLAGS);
    private static final Pattern DROP = Pattern.compile("DROP (SECRET|CONNECTION|SOURCE|TABLE|VIEW) (IF EXISTS )?"
            + NAME + "( CASCADE)?", FLAGS);

    /** One catalog item; mutable, guarded by the catalog's lock. */
    private static final class Item {
        private final String id;
        private final String schema;
        private final String name;
        private final String type;
        private final String dependsOn;
        private final String sql;
        private String comment;
        private String value;
        /** A PostgreSQL connection through an AWS PRIVATELINK connection: that connection's id (a second dependency). */
        private String privateLink;
        /** An AWS PRIVATELINK connection: its service, its principal, Materialize's endpoint once created. */
        private String serviceName;
        private String principal;
        private String endpointId;
        private String status = "starting";
        private String error;
        /** Status reads answered while {@code starting}: see {@link #runAfterReads}. */
        private int startingReads;

        Item(String id, String schema, String name, String type, String dependsOn, String sql) {
            this.id = id;
            this.schema = schema;
            this.name = name;
            this.type = type;
            this.dependsOn = dependsOn;
            this.sql = sql;
        }
    }

    private final Map<String, Item> items = new LinkedHashMap<>();
    private MaterializeStandIn.PrivateLinkNetwork network;
    private String principal = DEFAULT_PRINCIPAL;
    private final List<String[]> failOnce = new ArrayList<>();
    private int nextId = 1;
    /** A new source or table turns running after this many status reads saw it starting; negative: never by itself. */
    private int runAfterReads = -1;

    synchronized Answer execute(Received statement) {
        String sql = statement.sql().strip();
        Optional<String> failure = oneShotFailure(sql);
        if (failure.isPresent()) {
            return Answer.error(failure.get());
        }
        Matcher m;
        if ((m = CREATE_SECRET.matcher(sql)).matches()) {
            return create(m.group(1) != null, m.group(2), "secret", null, sql, unquoteLiteral(m.group(3)));
        }
        if ((m = ALTER_SECRET.matcher(sql)).matches()) {
            Item secret = find(m.group(2), "secret");
            if (secret == null) {
                return m.group(1) != null ? Answer.ok("ALTER SECRET") : unknown(m.group(2));
            }
            secret.value = unquoteLiteral(m.group(3));
            return Answer.ok("ALTER SECRET");
        }
        if ((m = CREATE_PRIVATELINK.matcher(sql)).matches()) {
            return createPrivateLink(m.group(1) != null, m.group(2), unquoteLiteral(m.group(3)), sql);
        }
        if ((m = CREATE_CONNECTION.matcher(sql)).matches()) {
            Matcher password = PASSWORD_SECRET.matcher(m.group(3));
            String secret = password.find() ? password.group(1) : null;
            if (secret != null && find(secret, "secret") == null) {
                return unknown(secret);
            }
            Matcher through = THROUGH_PRIVATELINK.matcher(m.group(3));
            Item privateLink = null;
            if (through.find()) {
                privateLink = find(through.group(1), "connection");
                if (privateLink == null) {
                    return unknown(through.group(1));
                }
                if (privateLink.serviceName == null) {
                    return Answer.error("\"" + privateLink.name + "\" is not an AWS PRIVATELINK connection", "42809");
                }
            }
            Answer created = create(m.group(1) != null, m.group(2), "connection", secret == null ? null : id(secret), sql,
                    null);
            if (privateLink != null && !created.isError()) {
                byName(split(m.group(2))[0], split(m.group(2))[1]).privateLink = privateLink.id;
            }
            return created;
        }
        if ((m = VALIDATE.matcher(sql)).matches()) {
            return validate(m.group(1));
        }
        if ((m = CREATE_SOURCE.matcher(sql)).matches()) {
            if (find(m.group(4), "connection") == null) {
                return unknown(m.group(4));
            }
            return create(m.group(1) != null, m.group(2), "source", id(m.group(4)), sql, null);
        }
        if ((m = CREATE_TABLE.matcher(sql)).matches()) {
            if (find(m.group(3), "source") == null) {
                return unknown(m.group(3));
            }
            return create(m.group(1) != null, m.group(2), "table", id(m.group(3)), sql, null);
        }
        if ((m = COMMENT_ON.matcher(sql)).matches()) {
            Item item = find(m.group(2), m.group(1).toLowerCase(Locale.ROOT));
            if (item == null) {
                return unknown(m.group(2));
            }
            item.comment = m.group(3).equalsIgnoreCase("NULL") ? null : unquoteLiteral(m.group(3));
            return Answer.ok("COMMENT");
        }
        if ((m = DROP.matcher(sql)).matches()) {
            return drop(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null, m.group(3), m.group(4) != null);
        }
        return Answer.error("the Materialize stand-in's catalog cannot run: " + sql);
    }

    /** {@code mz_aws_privatelink_connections} by id ($1): the principal of an AWS PRIVATELINK connection. */
    synchronized Answer principal(Received statement) {
        if (statement.params().size() != 1) {
            return Answer.error("the stand-in expects the connection's id as $1");
        }
        List<List<Object>> rows = new ArrayList<>();
        Item item = items.get(statement.params().get(0));
        if (item != null && item.serviceName != null) {
            rows.add(Arrays.asList(item.principal));
        }
        return Answer.rows(List.of("principal"), rows);
    }

    synchronized void network(MaterializeStandIn.PrivateLinkNetwork network, String principal) {
        this.network = network;
        this.principal = principal;
    }

    /**
     * An AWS PRIVATELINK connection: made at once, with the principal Materialize names for it; Materialize then creates
     * its endpoint to the service (here at once, through the network, if there is one; refused: tried again by VALIDATE).
     */
    private Answer createPrivateLink(boolean ifNotExists, String qualified, String serviceName, String sql) {
        Answer created = create(ifNotExists, qualified, "connection", null, sql, null);
        Item item = byName(split(qualified)[0], split(qualified)[1]);
        if (!created.isError() && item.serviceName == null) {
            item.serviceName = serviceName;
            item.principal = principal;
            item.endpointId = connect(item);
        }
        return created;
    }

    private String connect(Item item) {
        if (network == null) {
            return null;
        }
        try {
            return network.connect(item.serviceName, item.principal);
        } catch (RuntimeException refused) {
            return null;
        }
    }

    /** VALIDATE CONNECTION: an AWS PRIVATELINK connection is valid once its endpoint exists and is available. */
    private Answer validate(String qualified) {
        Item item = find(qualified, "connection");
        if (item == null) {
            return unknown(qualified);
        }
        if (item.serviceName == null) {
            return Answer.rows(List.of(), List.of());
        }
        if (network == null) {
            return Answer.error("the Materialize stand-in has no PrivateLink network to validate " + item.name
                    + " against (privateLinkNetwork)");
        }
        if (item.endpointId == null) {
            try {
                item.endpointId = network.connect(item.serviceName, item.principal);
            } catch (RuntimeException refused) {
                return Answer.error("failed to create VPC endpoint for AWS PrivateLink connection \"" + item.name
                        + "\": " + refused.getMessage());
            }
        }
        String state = network.state(item.endpointId);
        return "available".equals(state) ? Answer.rows(List.of(), List.of())
                : Answer.error("VPC endpoint " + item.endpointId + " for AWS PrivateLink connection \"" + item.name
                        + "\" is " + state);
    }

    /** {@code MaterializeObserver}'s query: $1 the schema, $2... the names; id, name, type, comment, source_id. */
    synchronized Answer objects(Received statement) {
        if (statement.params().isEmpty()) {
            return Answer.error("the stand-in expects the schema as $1 and the names as $2...");
        }
        String schema = statement.params().get(0);
        List<String> names = statement.params().subList(1, statement.params().size());
        List<List<Object>> rows = new ArrayList<>();
        items.values().stream().filter(i -> i.schema.equals(schema) && names.contains(i.name))
                .sorted((a, b) -> a.name.compareTo(b.name))
                .forEach(i -> rows.add(Arrays.asList(i.id, i.name, i.type, i.comment,
                        "table".equals(i.type) ? i.dependsOn : null)));
        return Answer.rows(List.of("id", "name", "type", "comment", "source_id"), rows);
    }

    /**
     * {@code MaterializeObserver}'s dependents query: $1... the referenced ids; each edge to an item (a connection on its
     * secret, a source on its connection, a table on its source, a seeded item on what it was seeded on) with the
     * dependent's database, schema, name, type, comment and, for a table, its source.
     */
    synchronized Answer dependents(Received statement) {
        List<String> referenced = statement.params();
        List<List<Object>> rows = new ArrayList<>();
        for (String on : referenced.stream().sorted().toList()) {
            items.values().stream().filter(i -> on.equals(i.dependsOn) || on.equals(i.privateLink))
                    .sorted((a, b) -> a.name.compareTo(b.name))
                    .forEach(i -> rows.add(Arrays.asList(on, i.id, "materialize", i.schema, i.name, i.type,
                            i.comment, "table".equals(i.type) ? i.dependsOn : null)));
        }
        return Answer.rows(List.of("referenced_id", "id", "database_name", "schema_name", "name", "type", "comment",
                "source_id"), rows);
    }

    /** {@code SourceStatus}'s query: $1 the source's id; the source's and its tables' rows. */
    synchronized Answer statuses(Received statement) {
        if (statement.params().size() != 1) {
            return Answer.error("the stand-in expects the source's id as $1");
        }
        String source = statement.params().get(0);
        List<List<Object>> rows = new ArrayList<>();
        items.values().stream()
                .filter(i -> i.id.equals(source) && "source".equals(i.type)
                        || "table".equals(i.type) && source.equals(i.dependsOn))
                .sorted((a, b) -> a.name.compareTo(b.name))
                .forEach(i -> {
                    if ("starting".equals(i.status) && runAfterReads >= 0 && i.startingReads++ >= runAfterReads) {
                        i.status = "running";
                    }
                    rows.add(Arrays.asList(i.id, i.name, i.type, i.status, i.error));
                });
        return Answer.rows(List.of("id", "name", "type", "status", "error"), rows);
    }

    synchronized void runAfterReads(int reads) {
        runAfterReads = reads;
    }

    synchronized void status(String name, String status, String error) {
        Item item = items.values().stream().filter(i -> i.name.equals(name)
                && ("source".equals(i.type) || "table".equals(i.type))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No source or table named " + name));
        item.status = status;
        item.error = error;
    }

    synchronized String seed(String type, String schema, String name, String comment, String dependsOn) {
        if (byName(schema, name) != null) {
            throw new IllegalArgumentException("The catalog already has an item named " + schema + "." + name);
        }
        String on = null;
        if (dependsOn != null) {
            on = items.values().stream().filter(i -> i.name.equals(dependsOn)).findFirst().map(i -> i.id)
                    .orElseThrow(() -> new IllegalArgumentException("No item named " + dependsOn + " to depend on"));
        }
        Item item = new Item("u" + nextId++, schema, name, type.toLowerCase(Locale.ROOT), on, "(seeded)");
        item.comment = comment;
        items.put(item.id, item);
        return item.id;
    }

    synchronized void failOnce(String prefix, String message) {
        failOnce.add(new String[] {normalize(prefix), message});
    }

    synchronized Optional<CatalogItem> item(String name) {
        return items.values().stream().filter(i -> i.name.equals(name)).findFirst().map(i -> new CatalogItem(i.id,
                i.schema, i.name, i.type, i.comment, "table".equals(i.type) ? i.dependsOn : null, i.sql, i.status,
                i.error));
    }

    synchronized Optional<String> secretValue(String name) {
        return items.values().stream().filter(i -> i.name.equals(name) && "secret".equals(i.type)).findFirst()
                .map(i -> i.value);
    }

    synchronized List<CatalogItem> items() {
        return items.values().stream().map(i -> item(i.name).orElseThrow()).toList();
    }

    synchronized void clear() {
        items.clear();
        failOnce.clear();
    }

    private Optional<String> oneShotFailure(String sql) {
        String normalized = normalize(sql);
        for (int i = 0; i < failOnce.size(); i++) {
            if (normalized.startsWith(failOnce.get(i)[0])) {
                return Optional.of(failOnce.remove(i)[1]);
            }
        }
        return Optional.empty();
    }

    private Answer create(boolean ifNotExists, String qualified, String type, String dependsOn, String sql,
                          String value) {
        String[] name = split(qualified);
        if (byName(name[0], name[1]) != null) {
            return ifNotExists ? Answer.ok("CREATE " + type.toUpperCase(Locale.ROOT)).withNotice("notice",
                    "catalog item '" + name[1] + "' already exists, skipping")
                    : Answer.error("catalog item '" + name[1] + "' already exists", "42710");
        }
        Item item = new Item("u" + nextId++, name[0], name[1], type, dependsOn, sql);
        item.value = value;
        items.put(item.id, item);
        return Answer.ok("CREATE " + type.toUpperCase(Locale.ROOT));
    }

    private Answer drop(String type, boolean ifExists, String qualified, boolean cascade) {
        Item item = find(qualified, type);
        if (item == null) {
            return ifExists ? Answer.ok("DROP " + type.toUpperCase(Locale.ROOT)) : unknown(qualified);
        }
        List<Item> dependents = items.values().stream().filter(i -> item.id.equals(i.dependsOn)
                || item.id.equals(i.privateLink)).toList();
        if (!dependents.isEmpty() && !cascade) {
            return Answer.error("cannot drop " + type + " \"" + item.name + "\": still depended upon by "
                    + dependents.get(0).type + " \"" + dependents.get(0).name + "\"", "2BP01");
        }
        removeWithDependents(item);
        return Answer.ok("DROP " + type.toUpperCase(Locale.ROOT));
    }

    private void removeWithDependents(Item item) {
        items.remove(item.id);
        for (Item dependent : List.copyOf(items.values())) {
            if (item.id.equals(dependent.dependsOn) || item.id.equals(dependent.privateLink)) {
                removeWithDependents(dependent);
            }
        }
    }

    private Item find(String qualified, String type) {
        String[] name = split(qualified);
        Item item = byName(name[0], name[1]);
        return item != null && item.type.equals(type) ? item : null;
    }

    private String id(String qualified) {
        String[] name = split(qualified);
        Item item = byName(name[0], name[1]);
        return item == null ? null : item.id;
    }

    private Item byName(String schema, String name) {
        return items.values().stream().filter(i -> i.schema.equals(schema) && i.name.equals(name)).findFirst()
                .orElse(null);
    }

    private static Answer unknown(String qualified) {
        return Answer.error("unknown catalog item '" + split(qualified)[1] + "'", "42704");
    }

    /** {schema, name} of {@code a.b}, {@code "a"."b"} or {@code b} (schema public); quoted parts unescaped. */
    static String[] split(String qualified) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < qualified.length(); i++) {
            char c = qualified.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < qualified.length() && qualified.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(quoted ? c : Character.toLowerCase(c));
            }
        }
        parts.add(current.toString());
        String name = parts.get(parts.size() - 1);
        String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : "public";
        return new String[] {schema, name};
    }

    private static String unquoteLiteral(String literal) {
        return literal.substring(1, literal.length() - 1).replace("''", "'");
    }

    private static String normalize(String sql) {
        return sql.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }
}
