package com.auroracdc.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InternalException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Simulated Amazon EventBridge PutEvents: 1 to 10 entries per call; each entry needs Source, DetailType
 * and a Detail that is a JSON object, else that entry (only) fails and FailedEntryCount says so — a caller
 * must check FailedEntryCount, the call itself does not throw. Accepted events are kept for assertions.
 */
public final class SimEventBridge implements EventBridgeClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An accepted event, with the bus it went to (default when unnamed). */
    public record SentEvent(Instant time, String eventBusName, String source, String detailType, String detail,
                            List<String> resources) {
    }

    private final SimAws aws;
    private final List<SentEvent> sent = new ArrayList<>();

    SimEventBridge(SimAws aws) {
        this.aws = aws;
    }

    @Override
    public String serviceName() {
        return "events";
    }

    @Override
    public void close() {
    }

    /** Every accepted event so far, oldest first. */
    public List<SentEvent> sentEvents() {
        return aws.locked(() -> List.copyOf(sent));
    }

    @Override
    public PutEventsResponse putEvents(PutEventsRequest request) {
        return aws.call("eventbridge", "PutEvents", SimAws.Kind.EVENT, request, SimEventBridge::error, (Supplier<PutEventsResponse>) () -> {
            List<PutEventsRequestEntry> entries = request.hasEntries() ? request.entries() : List.of();
            if (entries.isEmpty() || entries.size() > 10) {
                throw error("ValidationException", "1 validation error detected: Value at 'entries' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 10 and greater than or equal to 1", 400);
            }
            List<PutEventsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (PutEventsRequestEntry entry : entries) {
                String problem = problem(entry);
                if (problem != null) {
                    failed++;
                    results.add(PutEventsResultEntry.builder()
                            .errorCode(problem.startsWith("Detail is malformed") ? "MalformedDetail" : "InvalidArgument")
                            .errorMessage(problem)
                            .build());
                    continue;
                }
                sent.add(new SentEvent(entry.time() != null ? entry.time() : aws.clock().instant(),
                        entry.eventBusName() == null ? "default" : entry.eventBusName(),
                        entry.source(), entry.detailType(), entry.detail(),
                        entry.hasResources() ? List.copyOf(entry.resources()) : List.of()));
                results.add(PutEventsResultEntry.builder().eventId(aws.newUuid()).build());
            }
            return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
        });
    }

    private static String problem(PutEventsRequestEntry entry) {
        if (entry.source() == null || entry.source().isEmpty()) {
            return "Parameter Source is not valid. Reason: Source is a required argument.";
        }
        if (entry.detailType() == null || entry.detailType().isEmpty()) {
            return "Parameter DetailType is not valid. Reason: DetailType is a required argument.";
        }
        if (entry.detail() == null || entry.detail().isEmpty()) {
            return "Parameter Detail is not valid. Reason: Detail is a required argument.";
        }
        try {
            JsonNode detail = JSON.readTree(entry.detail());
            if (detail == null || !detail.isObject()) {
                return "Detail is malformed.";
            }
        } catch (IOException e) {
            return "Detail is malformed.";
        }
        if (entry.detail().getBytes(StandardCharsets.UTF_8).length > 256 * 1024) {
            return "Parameter Detail is not valid. Reason: the entry is larger than 256 KB.";
        }
        return null;
    }

    static AwsServiceException error(String code, String message, int status) {
        AwsServiceException.Builder builder = code.equals("InternalException") ? InternalException.builder() : EventBridgeException.builder();
        return SimAws.build(builder, "EventBridge", code, message, status);
    }
}
