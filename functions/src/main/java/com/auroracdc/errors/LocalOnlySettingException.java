package com.auroracdc.errors;

/**
 * A setting meant for local runs only (sslMode other than verify-full, databaseHost, databasePort) reached a deployed
 * function, or came from a tag or a stack variable. Raised before any secret is read or connection opened.
 */
public final class LocalOnlySettingException extends AutopilotException {
    private final String setting;

    public LocalOnlySettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The setting's input field name (sslMode, databaseHost, databasePort). */
    public String setting() {
        return setting;
    }
}
