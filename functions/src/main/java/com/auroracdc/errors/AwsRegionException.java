package com.auroracdc.errors;

/** No AWS region is configured (laptop mode: neither AWS_REGION nor a region in the AWS profile). */
public final class AwsRegionException extends AutopilotException {
    public AwsRegionException(Throwable cause) {
        super("No AWS region is configured: set AWS_REGION (e.g. AWS_REGION=us-east-1) or a region in your AWS profile.", cause);
    }
}
