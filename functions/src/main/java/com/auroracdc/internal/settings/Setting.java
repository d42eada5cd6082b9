package com.auroracdc.internal.settings;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every setting the automation knows: where it may come from and what it accepts. The resolver, the
 * validation and the README's settings table all read this one list.
 *
 * <p>Precedence: stack parameter (read per invocation through {@link StackSettings}) &lt; cluster tag &lt; execution input.
 * Lists are space-separated in tags (RDS tag values cannot hold commas); in input they are JSON arrays
 * or space/comma-separated strings.
 */
public enum Setting {
    EGRESS_CIDRS("egressCidrs", "egress-cidrs", "EGRESS_CIDRS", "MaterializeEgressCidrs", "",
            "IPv4/IPv6 CIDRs, e.g. 3.215.237.32/27 (from SELECT * FROM mz_egress_ips)", Cidrs::parseList),
    /** Stack only: whoever may tag a cluster or start an execution must not be able to open it to the internet. */
    ALLOW_PUBLIC_SOURCE("allowPublicSource", "allow-public-source", "ALLOW_PUBLIC_SOURCE", "AllowPublicSource", "false",
            "true or false: allow public egress CIDRs, those " + Cidrs.PUBLIC_BOUND,
            Setting::bool, Scope.STACK_ONLY),
    SOURCE_COUNT("sourceCount", "sources", "SOURCE_COUNT", "ExpectedSourceCount", "1",
            "a whole number from 1 to 100: Materialize sources that will read this cluster", v -> integer(v, 1, 100)),
    REBOOT_POLICY("rebootPolicy", "reboot-policy", "REBOOT_POLICY", "RebootPolicy", "immediate",
            "one of " + Choice.allowed(RebootPolicy.class), v -> choice(v, RebootPolicy.class)),
    REBOOT_DEADLINE_MINUTES("rebootDeadlineMinutes", "reboot-deadline-minutes", "REBOOT_DEADLINE_MINUTES",
            "RebootDeadlineMinutes", "30", "a whole number of minutes from 5 to 1440", v -> integer(v, 5, 1440)),
    READER_REBOOT("readerReboot", "reader-reboot", "READER_REBOOT", "ReaderReboot", "rolling",
            "one of " + Choice.allowed(ReaderReboot.class), v -> choice(v, ReaderReboot.class)),
    PUBLICATION_NAME("publicationName", "publication", "PUBLICATION_NAME", "PublicationName", "mz_source",
            "a lower-case name: a letter or _, then letters, digits or _, at most 63", Setting::name),
    TABLES("tables", "tables", "TABLES", "Tables", "*",
            "* (all tables), schema.* or schema.table entries; quote other names: \"My Schema\".\"Order\"",
            Setting::tables),
    DATABASE_NAME("databaseName", "database", "DATABASE_NAME", "DatabaseName", "",
            "a database name (default: the cluster's database name, else postgres)", Setting::databaseName),
    ADMIN_SECRET_ARN("adminSecretArn", "admin-secret-arn", "ADMIN_SECRET_ARN", "AdminSecretArn", "",
            "a Secrets Manager secret ARN (default: the cluster's RDS-managed master secret)", Setting::secretArn),
    REPLICATION_USER("replicationUser", "replication-user", "REPLICATION_USER", "ReplicationUser", "materialize",
            "a lower-case name: a letter or _, then letters, digits or _, at most 63", Setting::name),
    ADOPT_PUBLICATION("adoptPublication", "adopt-publication", "ADOPT_PUBLICATION", "AdoptPublication", "false",
            "true or false: take over an existing publication of that name not made by this automation",
            Setting::bool),
    ROTATE_PASSWORD("rotatePassword", null, null, null, "false",
            "true or false: give the replication user a new password", Setting::bool),
    /** Local only: input of the local runner; a tag or variable naming it is refused everywhere (see LocalOnly). */
    SSL_MODE("sslMode", "ssl-mode", "SSL_MODE", null, "verify-full",
            "one of " + Choice.allowed(SslMode.class) + " (anything but verify-full is for local use only)",
            v -> choice(v, SslMode.class), Scope.LOCAL_ONLY),
    REPAIR("repair", "repair", "DRIFT_REPAIR", "DriftRepair", "off",
            "one of " + Choice.allowed(RepairMode.class), v -> choice(v, RepairMode.class)),
    DATABASE_HOST("databaseHost", "database-host", "DATABASE_HOST", null, "",
            "a host name or address that reaches the writer (e.g. a tunnel); default: the writer endpoint",
            Setting::host, Scope.LOCAL_ONLY),
    DATABASE_PORT("databasePort", "database-port", "DATABASE_PORT", null, "",
            "a port from 1 to 65535; default: the cluster port", v -> v.isEmpty() ? null : integer(v, 1, 65535),
            Scope.LOCAL_ONLY),
    /** Per cluster only (a tag or input, never a stack parameter): which Materialize cluster ingests (MaterializeMode source). */
    MATERIALIZE_CLUSTER("materializeCluster", "materialize-cluster", null, null, "",
            "a Materialize cluster name (lower-case letters, digits, _; default: the app password's default cluster)",
            Setting::optionalName),
    /** Per cluster only: the Materialize source's name (MaterializeMode source). */
    SOURCE_NAME("sourceName", "source-name", null, null, "",
            "a Materialize source name (lower-case letters, digits, _; default: derived from the cluster identifier)",
            Setting::optionalName),
    /** How Materialize reaches the writer: its egress CIDRs in the security group, or an endpoint service. */
    NETWORK_PATH("networkPath", "network-path", "NETWORK_PATH", "NetworkPath", "public-cidrs",
            "one of " + Choice.allowed(NetworkPath.class), v -> choice(v, NetworkPath.class)),
    /** Stack only: who may connect to the endpoint services decides who may reach the clusters. */
    PRIVATELINK_PRINCIPALS("privateLinkPrincipals", "privatelink-principals", "PRIVATELINK_PRINCIPALS",
            "PrivateLinkAllowedPrincipals", "",
            "IAM principal ARNs (arn:aws:iam::<account>:root, :role/<name> or :user/<name>; never *) allowed to"
                    + " connect to the endpoint services, space- or comma-separated",
            Setting::principals, Scope.STACK_ONLY),
    /** Stack only: whether each endpoint connection to the endpoint services waits for acceptance. */
    PRIVATELINK_ACCEPTANCE_REQUIRED("privateLinkAcceptanceRequired", "privatelink-acceptance-required",
            "PRIVATELINK_ACCEPTANCE_REQUIRED", "PrivateLinkAcceptanceRequired", "true",
            "true or false: each endpoint connection waits for acceptance", Setting::bool, Scope.STACK_ONLY);

    /** Which sources may set a setting. */
    public enum Scope {
        /** Stack parameter, tag or input. */
        ANY,
        /** The stack parameter alone; a tag or input naming it is refused. */
        STACK_ONLY,
        /** The local runner's input alone (see {@link LocalOnly}); a tag or variable naming it is refused. */
        LOCAL_ONLY
    }

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Secret names allow {@code /_+=.@-}; RDS names its managed master secrets {@code rds!cluster-...}. */
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@!-]+");
    /** An account root, a role or a user, as an endpoint service's allowed principal; never {@code *}. */
    private static final Pattern PRINCIPAL_ARN =
            Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(root|(role|user)/[A-Za-z0-9+=,.@_/-]{1,512})");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");

    private final String inputKey;
    private final String tagKey;
    private final String environmentVariable;
    private final String stackParameter;
    private final String defaultValue;
    private final String allowed;
    private final Function<List<String>, Object> parser;
    private final Scope scope;

    Setting(String inputKey, String tagSuffix, String environmentVariable, String stackParameter, String defaultValue,
            String allowed, Function<List<String>, Object> parser) {
        this(inputKey, tagSuffix, environmentVariable, stackParameter, defaultValue, allowed, parser, Scope.ANY);
    }

    Setting(String inputKey, String tagSuffix, String environmentVariable, String stackParameter, String defaultValue,
            String allowed, Function<List<String>, Object> parser, Scope scope) {
        this.inputKey = inputKey;
        this.tagKey = tagSuffix == null ? null : Tags.PREFIX + tagSuffix;
        this.environmentVariable = environmentVariable;
        this.stackParameter = stackParameter;
        this.defaultValue = defaultValue;
        this.allowed = allowed;
        this.parser = parser;
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }

    /**
     * Whether a value given as execution input stands for later executions of the cluster (it is part of the desired
     * state: what to publish, to whom, from where) until another input changes it. Settings about how one run goes
     * (reboot policy and deadline, reader reboots, repair, adopting a publication, rotating the password) apply to
     * that run only: a drift repair never inherits a one-off {@code rebootPolicy=immediate}.
     */
    public boolean persistsFromInput() {
        return desiredState();
    }

    /**
     * Whether the setting describes what the cluster should look like (and so is compared by drift), rather than how
     * one run goes: reboot policy and deadline, reader reboots, repair, adopting a publication, rotating a password,
     * and the local-only and stack-only settings are not part of a cluster's desired state.
     */
    public boolean desiredState() {
        return scope == Scope.ANY && switch (this) {
            case REBOOT_POLICY, REBOOT_DEADLINE_MINUTES, READER_REBOOT, REPAIR, ADOPT_PUBLICATION, ROTATE_PASSWORD -> false;
            default -> true;
        };
    }

    /** Field name in the execution input. */
    public String inputKey() {
        return inputKey;
    }

    /** Cluster tag key, or null when the setting is input-only. */
    public String tagKey() {
        return tagKey;
    }

    /** Key of the stack parameter's value in {@link StackSettings} (formerly a Lambda environment variable), or null. */
    public String environmentVariable() {
        return environmentVariable;
    }

    /** template.yaml parameter name, or null. */
    public String stackParameter() {
        return stackParameter;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** The allowed form, in words, for errors and the README. */
    public String allowed() {
        return allowed;
    }

    /** Parses the tokens of one value; throws {@link IllegalArgumentException} saying why it is malformed. */
    Object parse(List<String> tokens) {
        return parser.apply(tokens);
    }

    private static String single(List<String> tokens) {
        if (tokens.size() > 1) {
            throw new IllegalArgumentException("expected one value, got " + tokens.size());
        }
        return tokens.isEmpty() ? "" : tokens.getFirst();
    }

    private static Object bool(List<String> tokens) {
        return switch (single(tokens)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + single(tokens) + "' is not true or false");
        };
    }

    private static Object integer(List<String> tokens, int min, int max) {
        String text = single(tokens);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " is outside " + min + ".." + max);
        }
        return value;
    }

    private static <E extends Enum<E> & Choice> Object choice(List<String> tokens, Class<E> type) {
        String text = single(tokens);
        return Choice.parse(type, text).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not allowed"));
    }

    private static Object name(List<String> tokens) {
        String text = single(tokens);
        if (!NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a plain lower-case name");
        }
        return text;
    }

    /** A plain lower-case name, or null when empty (derive it). */
    private static Object optionalName(List<String> tokens) {
        return single(tokens).isEmpty() ? null : name(tokens);
    }

    private static Object databaseName(List<String> tokens) {
        String text = single(tokens);
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > 63 || text.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("'" + text + "' is not a valid database name");
        }
        return text;
    }

    private static Object secretArn(List<String> tokens) {
        String text = single(tokens);
        if (text.isEmpty()) {
            return null;
        }
        if (!SECRET_ARN.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Secrets Manager secret ARN");
        }
        return text;
    }

    private static Object host(List<String> tokens) {
        String text = single(tokens);
        if (text.isEmpty()) {
            return null;
        }
        if (!HOST.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a host name or address");
        }
        return text;
    }

    private static Object principals(List<String> tokens) {
        for (String token : tokens) {
            if (!PRINCIPAL_ARN.matcher(token).matches()) {
                throw new IllegalArgumentException("'" + token + "' is not an IAM principal ARN"
                        + " (arn:aws:iam::<account>:root, :role/<name> or :user/<name>)");
            }
        }
        return tokens.stream().distinct().toList();
    }

    private static Object tables(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no tables given");
        }
        List<TablePattern> patterns = tokens.stream().map(TablePattern::parse).distinct().toList();
        if (patterns.size() > 1 && patterns.contains(TablePattern.allTables())) {
            throw new IllegalArgumentException("* (all tables) cannot be combined with other entries");
        }
        return patterns;
    }
}
