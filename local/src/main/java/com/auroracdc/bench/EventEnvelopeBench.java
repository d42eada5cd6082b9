package com.auroracdc.bench;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.auroracdc.internal.json.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.joda.JodaModule;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Issue 12's question: would AWS Lambda Java Events pay its way for the two EventBridge envelopes (the tag change
 * that starts a setup, the schedule that starts a drift check)? In a fresh JVM, after our mapper is built (both ways
 * pay for it), reads both events the way Inspect and the drift list do now ({@code jsonnode}: a tree, four fields)
 * or as {@link ScheduledEvent} ({@code events}): that needs the Joda module (its {@code time} is a Joda DateTime,
 * aws-lambda-java-libs issue 72) and a mix-in for {@code detail-type}, which plain Jackson maps to no property.
 * Prints: read ms (wall), read CPU ms (this thread), classes loaded by the read, and what was read.
 * Run by {@code local/bench/events.sh}.
 */
public final class EventEnvelopeBench {
    private EventEnvelopeBench() {
    }

    /** What aws-lambda-java-serialization's mix-in does for ScheduledEvent: the JSON name of detailType. */
    abstract static class DetailTypeMixIn {
        @JsonProperty("detail-type")
        abstract void setDetailType(String detailType);
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        byte[] tagChange = Files.readAllBytes(Path.of(args[1]));
        byte[] schedule = Files.readAllBytes(Path.of(args[2]));
        Json.MAPPER.readTree("{}"); // our mapper, built in both modes
        var threads = ManagementFactory.getThreadMXBean();
        var classes = ManagementFactory.getClassLoadingMXBean();
        long loadedBefore = classes.getTotalLoadedClassCount();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        String read = mode.equals("events") ? asScheduledEvents(tagChange, schedule) : asTrees(tagChange, schedule);
        long wall = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        System.out.printf("%.1f %.1f %d %s%n", wall / 1e6, cpu / 1e6, classes.getTotalLoadedClassCount() - loadedBefore, read);
    }

    private static String asTrees(byte[] tagChange, byte[] schedule) throws Exception {
        JsonNode tag = Json.MAPPER.readTree(tagChange);
        JsonNode scheduled = Json.MAPPER.readTree(schedule);
        return String.join("|", tag.path("source").asText(), tag.path("detail-type").asText(), tag.path("resources").get(0).asText(),
                tag.path("detail").path("tags").path("materialize:cdc").asText(), scheduled.path("detail-type").asText(),
                scheduled.path("time").asText());
    }

    private static String asScheduledEvents(byte[] tagChange, byte[] schedule) throws Exception {
        ObjectMapper mapper = JsonMapper.builder().addModule(new JodaModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addMixIn(ScheduledEvent.class, DetailTypeMixIn.class).build();
        ScheduledEvent tag = mapper.readValue(tagChange, ScheduledEvent.class);
        ScheduledEvent scheduled = mapper.readValue(schedule, ScheduledEvent.class);
        Object tags = tag.getDetail().get("tags");
        return String.join("|", tag.getSource(), tag.getDetailType(), tag.getResources().get(0),
                String.valueOf(((Map<?, ?>) tags).get("materialize:cdc")), scheduled.getDetailType(), scheduled.getTime().toString());
    }
}
