package com.auroracdc.errors;

/** No AWS credentials were found, or AWS rejected them (expired, unknown key). Says how to get working ones. */
public final class AwsCredentialsException extends AutopilotException {
    public AwsCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
