package com.auroracdc.local.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.InternalServerErrorException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Simulated AWS Systems Manager Parameter Store, exactly the part the functions use: {@code GetParameter} of a
 * {@code String} parameter (the stack settings, settings/StackSettings). Names are exact and case-sensitive
 * (hierarchical names keep their leading slash); {@code name:version} selects an older version; every write is a
 * new version (1, 2, ...); an unknown name is {@code ParameterNotFound}, an unknown version
 * {@code ParameterVersionNotFound}. Writing is CloudFormation's job on a deploy: {@link #deploy} stands for it.
 * local/FIDELITY.md ("Stack settings") cites the AWS pages.
 */
public final class SimSsm implements SsmClient {
    private record Version(long number, String value, Instant modified) {
    }

    private final SimAws aws;
    private final Map<String, List<Version>> parameters = new TreeMap<>();

    SimSsm(SimAws aws) {
        this.aws = aws;
    }

    @Override
    public String serviceName() {
        return "ssm";
    }

    @Override
    public void close() {
    }

    // ---- simulator control (not AWS API) -----------------------------------------------------------

    /** What a CloudFormation deploy does to an {@code AWS::SSM::Parameter} of type String: a new version. */
    public void deploy(String name, String value) {
        aws.locked(() -> {
            List<Version> versions = parameters.computeIfAbsent(name, n -> new ArrayList<>());
            versions.add(new Version(versions.size() + 1L, value, aws.clock().instant()));
            return null;
        });
    }

    // ---- AWS API -------------------------------------------------------------------------------------

    @Override
    public GetParameterResponse getParameter(GetParameterRequest request) {
        return aws.call("ssm", "GetParameter", SimAws.Kind.READ, request, SimSsm::error, () -> {
            String name = request.name();
            Long selected = null;
            int colon = name == null ? -1 : name.lastIndexOf(':');
            if (colon > 0 && name.substring(colon + 1).matches("\\d+")) {
                selected = Long.parseLong(name.substring(colon + 1));
                name = name.substring(0, colon);
            }
            List<Version> versions = name == null ? null : parameters.get(name);
            if (versions == null) {
                throw error("ParameterNotFound", null, 400);
            }
            Version version = versions.getLast();
            if (selected != null) {
                long wanted = selected;
                version = versions.stream().filter(v -> v.number() == wanted).findFirst().orElseThrow(() ->
                        error("ParameterVersionNotFound", "Systems Manager could not find version " + wanted
                                + " of " + request.name() + ".", 400));
            }
            String arnName = name.startsWith("/") ? name.substring(1) : name;
            return GetParameterResponse.builder().parameter(Parameter.builder()
                    .name(name)
                    .type(ParameterType.STRING)
                    .value(version.value())
                    .version(version.number())
                    .selector(selected == null ? null : ":" + selected)
                    .lastModifiedDate(version.modified())
                    .arn("arn:aws:ssm:" + aws.region() + ":" + aws.account() + ":parameter/" + arnName)
                    .dataType("text")
                    .build()).build();
        });
    }

    static AwsServiceException error(String code, String message, int status) {
        AwsServiceException.Builder builder = switch (code) {
            case "ParameterNotFound" -> ParameterNotFoundException.builder();
            case "ParameterVersionNotFound" -> ParameterVersionNotFoundException.builder();
            case "InternalServerError" -> InternalServerErrorException.builder();
            default -> SsmException.builder();
        };
        return SimAws.build(builder, "Ssm", code, message, status);
    }
}
