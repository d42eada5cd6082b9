package com.auroracdc.errors;

/** A setting meant for local runs only (sslMode other than verify-full, databaseHost, databasePort) reached a deployed function, or came from a tag or stack parameter. Refused before any secret is read or connection opened. */
public final class LocalOnlySettingException extends AutopilotException {
    public LocalOnlySettingException(String message) {
        super(message);
    }
}
