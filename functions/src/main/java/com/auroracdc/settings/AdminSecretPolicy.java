package com.auroracdc.settings;

import com.auroracdc.errors.InvalidSettingException;
import com.auroracdc.errors.SecretNotAllowedException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which admin secret may be read for a cluster. The admin secret is the cluster's own RDS-managed master secret
 * (named by RDS in the cluster's description, not by us), or the ARN of the stack parameter AdminSecretArn. A secret
 * named by a tag or the execution input must also be allowed by the stack parameter AllowedAdminSecretArns: exact
 * ARNs, or prefixes ending in {@code *}. The template grants secretsmanager:GetSecretValue on exactly these, so
 * the code and IAM hold the same rule.
 *
 * @param stackSecretArn the stack's AdminSecretArn (ADMIN_SECRET_ARN), or null
 * @param allowed        AllowedAdminSecretArns (ALLOWED_ADMIN_SECRET_ARNS): ARNs and {@code arn...*} prefixes
 */
public record AdminSecretPolicy(String stackSecretArn, List<String> allowed) {
    public static final String ALLOWED_VARIABLE = "ALLOWED_ADMIN_SECRET_ARNS";
    public static final String ALLOWED_PARAMETER = "AllowedAdminSecretArns";
    private static final Pattern ENTRY = Pattern.compile(
            "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@!-]+\\*?");

    public AdminSecretPolicy {
        allowed = List.copyOf(allowed);
    }

    public static AdminSecretPolicy fromEnvironment(Map<String, String> environment) {
        String stack = environment.getOrDefault(Setting.ADMIN_SECRET_ARN.environmentVariable(), "").strip();
        List<String> allowed = SettingsResolver.split(environment.getOrDefault(ALLOWED_VARIABLE, ""));
        for (String entry : allowed) {
            if (!ENTRY.matcher(entry).matches()) {
                throw new InvalidSettingException(ALLOWED_PARAMETER, "Stack parameter " + ALLOWED_PARAMETER + " holds '"
                        + entry + "', which is neither a Secrets Manager secret ARN nor an ARN prefix ending in *.");
            }
        }
        return new AdminSecretPolicy(stack.isEmpty() ? null : stack, allowed);
    }

    /** Whether a secret named by a setting (stack, tag or input) may be read. */
    public boolean allows(String secretArn) {
        return secretArn.equals(stackSecretArn) || allowed.stream().anyMatch(entry -> entry.endsWith("*")
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
                    + " cluster's master secret (remove the adminSecretArn tag or input), or add the ARN (or a prefix"
                    + " ending in *) to the stack parameter " + ALLOWED_PARAMETER + ".");
        }
        return configured;
    }
}
