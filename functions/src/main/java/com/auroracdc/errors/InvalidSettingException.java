package com.auroracdc.errors;

/** A setting is unknown or malformed. Raised before anything is changed; names the setting and the allowed form. */
public final class InvalidSettingException extends AutopilotException {
    private final String setting;

    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The offending setting's name as the user wrote it (input field or tag key). */
    public String setting() {
        return setting;
    }
}
