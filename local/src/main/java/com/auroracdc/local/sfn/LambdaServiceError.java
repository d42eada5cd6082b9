package com.auroracdc.local.sfn;

/**
 * A transient error of the Lambda service itself (not of the function), as the Invoke API answers it.
 * Step Functions names these {@code Lambda.<ErrorType>}, e.g. {@code Lambda.TooManyRequestsException}:
 * the names a state machine's Retry lists.
 */
public enum LambdaServiceError {
    /** HTTP 429: the account or function concurrency limit. */
    TOO_MANY_REQUESTS(429, "TooManyRequestsException", "User", "Rate Exceeded."),
    /** HTTP 500: an internal error of the Lambda service. */
    SERVICE_EXCEPTION(500, "ServiceException", "Service", "Lambda encountered an internal error."),
    /** HTTP 502 without an error type: the SDK's generic {@code Lambda.AWSLambdaException}. */
    AWS_LAMBDA_EXCEPTION(502, null, "Service", "Bad Gateway"),
    /** The connection is dropped before any answer: the client reports {@code Lambda.SdkClientException}. */
    SDK_CLIENT_EXCEPTION(0, null, null, "Connection reset");

    private final int httpStatus;
    private final String errorType;
    private final String faultType;
    private final String message;

    LambdaServiceError(int httpStatus, String errorType, String faultType, String message) {
        this.httpStatus = httpStatus;
        this.errorType = errorType;
        this.faultType = faultType;
        this.message = message;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** The {@code x-amzn-ErrorType} header, or null when the service sends none. */
    String errorType() {
        return errorType;
    }

    String faultType() {
        return faultType;
    }

    String message() {
        return message;
    }

    /** The error name a Step Functions Retry or Catch matches for this failure. */
    public String stepFunctionsErrorName() {
        return switch (this) {
            case TOO_MANY_REQUESTS -> "Lambda.TooManyRequestsException";
            case SERVICE_EXCEPTION -> "Lambda.ServiceException";
            case AWS_LAMBDA_EXCEPTION -> "Lambda.AWSLambdaException";
            case SDK_CLIENT_EXCEPTION -> "Lambda.SdkClientException";
        };
    }
}
