package com.auroracdc.errors;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * An AWS call failed in a way no stage expects (an HTTP 500, a missing permission, an unreachable endpoint):
 * names the call ({@code RDS DescribeDBEngineVersions}), the HTTP status and the service's error code, and what
 * to check. {@link #named(SdkException)} also turns region and credential problems into their own one-line errors.
 */
public final class AwsCallException extends AutopilotException {
    /** Error codes AWS answers when it does not accept the caller's credentials (as opposed to their permissions). */
    private static final Set<String> CREDENTIAL_CODES = Set.of("ExpiredToken", "ExpiredTokenException",
            "InvalidClientTokenId", "UnrecognizedClientException", "AuthFailure", "SignatureDoesNotMatch",
            "InvalidSignatureException", "IncompleteSignature");
    private static final Set<String> PERMISSION_CODES = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "UnauthorizedException");
    private static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException",
            "RequestLimitExceeded", "TooManyRequestsException");

    private AwsCallException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The named error for an SDK failure that escaped a stage. */
    public static AutopilotException named(SdkException e) {
        String call = call(e).orElse("An AWS call");
        if (e instanceof SdkServiceException service) {
            String code = service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorCode() : null;
            String detail = call + " failed: HTTP " + service.statusCode() + (code == null ? "" : ", error code " + code)
                    + (service.requestId() == null ? "" : ", request ID " + service.requestId()) + "." + awsMessage(service);
            if (code != null && CREDENTIAL_CODES.contains(code)) {
                return new AwsCredentialsException(detail + " AWS did not accept the credentials: refresh them"
                        + " (e.g. aws sso login, or a new session token) and run again.", e);
            }
            return new AwsCallException(detail + " " + advice(code, service.statusCode(), call), e);
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof SdkClientException && message.startsWith("Unable to load region")) {
            return new AwsRegionException(e);
        }
        if (e instanceof SdkClientException && message.startsWith("Unable to load credentials")) {
            return new AwsCredentialsException("No AWS credentials found: set AWS_PROFILE (after aws sso login or"
                    + " aws configure) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run again.", e);
        }
        return new AwsCallException(call + " could not complete: " + firstLine(message) + ". Check that this machine"
                + " (or the function's VPC) reaches the service endpoint (network, proxy, VPC endpoint or NAT).", e);
    }

    private static String advice(String code, int status, String call) {
        if (code != null && PERMISSION_CODES.contains(code)) {
            return "Check the IAM policy: the role (or, in laptop mode, your credentials) needs the permission for " + call + ".";
        }
        if (code != null && THROTTLING_CODES.contains(code)) {
            return "AWS throttled the call: run again in a minute, or lower the concurrency of what else calls this API.";
        }
        if (status >= 500) {
            return "The service failed on its side: check the AWS Health Dashboard for the service in this region,"
                    + " then run again (the setup resumes where it stopped).";
        }
        return "AWS refused the request: look the error code up in the service's API reference.";
    }

    private static String awsMessage(SdkServiceException e) {
        String message = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorMessage() : null;
        return message == null || message.isBlank() ? "" : " " + firstLine(message) + ".";
    }

    /**
     * "RDS DescribeDBEngineVersions", from the SDK client frame that made the call
     * ({@code software.amazon.awssdk.services.rds.DefaultRdsClient.describeDBEngineVersions}).
     */
    static Optional<String> call(Throwable e) {
        return Arrays.stream(e.getStackTrace())
                .filter(frame -> frame.getClassName().startsWith("software.amazon.awssdk.services.")
                        && frame.getClassName().matches(".*\\.Default\\w+Client"))
                .findFirst()
                .map(frame -> {
                    String service = frame.getClassName().replaceAll(".*\\.Default(\\w+)Client", "$1");
                    String method = frame.getMethodName();
                    return (service.length() <= 3 ? service.toUpperCase(Locale.ROOT) : service) + " "
                            + Character.toUpperCase(method.charAt(0)) + method.substring(1);
                });
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
