package com.auroracdc.internal.settings;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.SecretNotAllowedException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which admin secret may be read for a cluster. The admin secret is the cluster's own RDS-managed master secret
 * (named by RDS in the cluster's description, not by us), or the ARN of the stack parameter AdminSecretArn. A secret
 * named by a tag or the execution input must also be allowed by the stack parameter AllowedAdminSecretArns, whose
 * entries each take one of two forms: a full secret ARN (that secret only), or a path prefix ending in {@code /*}
 * ({@code arn:aws:secretsmanager:us-east-1:123456789012:secret:team-a/*}: every secret whose name starts with
 * {@code team-a/}). A bare {@code *} after a partial name ({@code secret:team-a/orders*}, which would also take
 * {@code team-a/orders-billing-admin}) is refused. The template grants secretsmanager:GetSecretValue on exactly these
 * entries, and IAM's {@code *} matches any characters, {@code /} included, so {@code team-a/*} grants the same set
 * the code allows.
 *
 * @param stackSecretArn the stack's AdminSecretArn (ADMIN_SECRET_ARN), or null
 * @param allowed        AllowedAdminSecretArns (ALLOWED_ADMIN_SECRET_ARNS): secret ARNs and {@code arn.../*} path prefixes
 */
public record AdminSecretPolicy(String stackSecretArn, List<String> allowed) {
    public static final String ALLOWED_VARIABLE = "ALLOWED_ADMIN_SECRET_ARNS";
    public static final String ALLOWED_PARAMETER = "AllowedAdminSecretArns";
    /** A secret ARN, or a path prefix: a name part ending in {@code /}, then {@code *}. No other {@code *}. */
    private static final Pattern ENTRY = Pattern.compile(
            "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:([A-Za-z0-9/_+=.@!-]+|[A-Za-z0-9/_+=.@!-]*[A-Za-z0-9_+=.@!-]/\\*)");
    static final String FORMS = "a full secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>) or"
            + " a path prefix ending in /* (arn:aws:secretsmanager:<region>:<account>:secret:team-a/*)";

    public AdminSecretPolicy {
        allowed = List.copyOf(allowed);
    }

    public static AdminSecretPolicy fromEnvironment(Map<String, String> environment) {
        String stack = environment.getOrDefault(Setting.ADMIN_SECRET_ARN.environmentVariable(), "").strip();
        List<String> allowed = SettingsResolver.split(environment.getOrDefault(ALLOWED_VARIABLE, ""));
        for (String entry : allowed) {
            if (!ENTRY.matcher(entry).matches()) {
                throw new InvalidSettingException(ALLOWED_PARAMETER, "Stack parameter " + ALLOWED_PARAMETER + " holds '"
                        + entry + "'. Each entry must be " + FORMS + "; a * anywhere else would also allow secrets whose"
                        + " names merely start alike. Update the stack parameter.");
            }
        }
        return new AdminSecretPolicy(stack.isEmpty() ? null : stack, allowed);
    }

    /**
     * Whether a secret named by a setting (stack, tag or input) may be read: the stack's AdminSecretArn, an entry
     * equal to it, or a path prefix {@code .../*} its name starts with (everything after the {@code /}).
     */
    public boolean allows(String secretArn) {
        return secretArn.equals(stackSecretArn) || allowed.stream().anyMatch(entry -> entry.endsWith("/*")
                ? secretArn.startsWith(entry.substring(0, entry.length() - 1)) : secretArn.equals(entry));
    }

    /**
     * The admin secret for a cluster: the configured one when allowed, else the cluster's own RDS-managed master
     * secret (null when it has none). Throws {@link SecretNotAllowedException} before anything is read.
     */
    public String choose(String configured, String clusterMasterSecret, String clusterIdentifier) {
        if (configured == null || configured.equals(clusterMasterSecret)) {
            return clusterMasterSecret;
        }
        if (!allows(configured)) {
            throw new SecretNotAllowedException("The admin secret " + configured + " named for cluster " + clusterIdentifier
                    + " is neither the cluster's own RDS-managed master secret nor allowed by this stack. Use the"
                    + " cluster's master secret (remove the adminSecretArn tag or input), or add the ARN (or a path"
                    + " prefix ending in /*) to the stack parameter " + ALLOWED_PARAMETER + " (./autopilot run:"
                    + " --allowed-admin-secret-arns).");
        }
        return configured;
    }
}
