package com.auroracdc.internal.materialize;

import com.auroracdc.errors.InvalidSettingException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where and how the automation talks to Materialize: stack settings only (the stack parameters MaterializeMode,
 * MaterializeHost and MaterializeAppPasswordSecretArn), never a tag or an execution input, because they decide where
 * an app password is sent.
 *
 * @param mode                 off (today's behaviour: the egress CIDRs come from the settings), egress (they are
 *                             read from Materialize on every run), or source (also the source, a later step)
 * @param host                 the region host, {@code host} or {@code host:port} (HTTPS only); null when off
 * @param appPasswordSecretArn the Secrets Manager secret holding {"username", "password"} of an app password; null
 *                             when off
 */
public record MaterializeEndpoint(Mode mode, String host, String appPasswordSecretArn) {
    public static final String MODE_VARIABLE = "MATERIALIZE_MODE";
    public static final String HOST_VARIABLE = "MATERIALIZE_HOST";
    public static final String SECRET_VARIABLE = "MATERIALIZE_APP_PASSWORD_SECRET_ARN";
    public static final MaterializeEndpoint OFF = new MaterializeEndpoint(Mode.OFF, null, null);

    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+");

    /** What the automation does with Materialize. */
    public enum Mode {
        OFF, EGRESS, SOURCE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the egress CIDRs are read from Materialize rather than taken from the settings. */
    public boolean readsEgress() {
        return mode != Mode.OFF;
    }

    /** From the stack settings (one version per execution); a named error saying which parameter is wrong. */
    public static MaterializeEndpoint fromStack(Map<String, String> stack) {
        String modeText = stack.getOrDefault(MODE_VARIABLE, "").strip();
        Mode mode = switch (modeText.toLowerCase(Locale.ROOT)) {
            case "", "off" -> Mode.OFF;
            case "egress" -> Mode.EGRESS;
            case "source" -> Mode.SOURCE;
            default -> throw new InvalidSettingException(MODE_VARIABLE, "Stack parameter MaterializeMode is '" + modeText
                    + "'; allowed: off, egress, source. Redeploy the stack with one of them.");
        };
        if (mode == Mode.OFF) {
            return OFF;
        }
        String hostText = stack.getOrDefault(HOST_VARIABLE, "").strip();
        String secret = stack.getOrDefault(SECRET_VARIABLE, "").strip();
        if (hostText.isEmpty() || secret.isEmpty()) {
            throw new InvalidSettingException(hostText.isEmpty() ? HOST_VARIABLE : SECRET_VARIABLE, "MaterializeMode is "
                    + mode.word() + ", which needs both MaterializeHost (the region host, e.g."
                    + " abc123.us-east-1.aws.materialize.cloud) and MaterializeAppPasswordSecretArn (a Secrets Manager"
                    + " secret holding {\"username\", \"password\"} of a Materialize app password). Redeploy with both,"
                    + " or with MaterializeMode=off.");
        }
        String host;
        try {
            host = MaterializeSqlApi.host(hostText);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(HOST_VARIABLE, "Stack parameter MaterializeHost: " + e.getMessage());
        }
        if (!SECRET_ARN.matcher(secret).matches()) {
            throw new InvalidSettingException(SECRET_VARIABLE, "Stack parameter MaterializeAppPasswordSecretArn is '"
                    + secret + "', which is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:"
                    + "secret:<name>).");
        }
        return new MaterializeEndpoint(mode, host, secret);
    }
}
