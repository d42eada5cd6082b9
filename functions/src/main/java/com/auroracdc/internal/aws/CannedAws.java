package com.auroracdc.internal.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Realistic AWS answers shipped in the jar under {@code priming/aws/<signing name>/<Action>.xml|json}: what
 * {@link Offline} answers while a SnapStart snapshot is primed, and what the local cold-start benchmark's
 * loopback stub serves. They describe one cluster, {@code orders-prod}, as in {@code events/stage-input.json}.
 */
public final class CannedAws {
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([^&]*)");
    /** The sort key of the item a DynamoDB request names: {@code "item":{"S":"context"}}, {@code "run#..."} as run. */
    private static final Pattern DYNAMODB_ITEM = Pattern.compile("\"item\"\\s*:\\s*\\{\\s*\"S\"\\s*:\\s*\"([a-z]+)");

    /** An HTTP answer: status, content type and body. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private CannedAws() {
    }

    /** The service's signing name (rds, ec2, states, events, secretsmanager) from a SigV4 Authorization header. */
    public static String signingName(String authorization) {
        Matcher m = SCOPE.matcher(authorization == null ? "" : authorization);
        return m.find() ? m.group(1) : null;
    }

    /** The operation: the JSON protocol's {@code X-Amz-Target} suffix, else the Query protocol's {@code Action}. */
    public static String action(String amzTarget, byte[] body) {
        if (amzTarget != null) {
            return amzTarget.substring(amzTarget.lastIndexOf('.') + 1);
        }
        Matcher m = ACTION.matcher(new String(body, StandardCharsets.UTF_8));
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }

    /**
     * The canned answer, or null when none is bundled. {@code jsonContentType} is the request's content type
     * for the JSON protocols (echoed back, as AWS does); null for the Query protocol (XML answers).
     */
    public static Answer find(String signingName, String action, String jsonContentType) {
        return find(signingName, action, jsonContentType, new byte[0]);
    }

    /**
     * As above; a DynamoDB request is answered for the item it names ({@code <Action>.<item>.json}, e.g. the
     * execution's context for {@code GetItem.context.json}) when such an answer is bundled.
     */
    public static Answer find(String signingName, String action, String jsonContentType, byte[] body) {
        Matcher item = DYNAMODB_ITEM.matcher(new String(body, StandardCharsets.UTF_8));
        if ("dynamodb".equals(signingName) && item.find()) {
            Answer variant = bundled(signingName, action + "." + item.group(1), jsonContentType);
            if (variant != null) {
                return variant;
            }
        }
        return bundled(signingName, action, jsonContentType);
    }

    private static Answer bundled(String signingName, String action, String jsonContentType) {
        boolean json = jsonContentType != null;
        String path = "/priming/aws/" + signingName + "/" + action + (json ? ".json" : ".xml");
        try (InputStream in = CannedAws.class.getResourceAsStream(path)) {
            return in == null ? null : new Answer(200, json ? jsonContentType : "text/xml", in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A well-formed empty success for an operation that has no canned answer (priming only). */
    public static Answer empty(String action, String jsonContentType) {
        if (jsonContentType != null) {
            return new Answer(200, jsonContentType, "{}".getBytes(StandardCharsets.UTF_8));
        }
        String xml = "<" + action + "Response><" + action + "Result/></" + action + "Response>";
        return new Answer(200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }
}
