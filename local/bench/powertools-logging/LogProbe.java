// Run by local/bench/powertools-logging.sh (see there). Not part of the build.
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.*;
import java.lang.management.ManagementFactory;

public class LogProbe {
    public static void main(String[] args) throws Exception {
        // Our mapper exists in both modes (the functions already pay for Jackson).
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        mapper.writeValueAsString(java.util.Map.of("a", 1));
        var threads = ManagementFactory.getThreadMXBean();
        var classes = ManagementFactory.getClassLoadingMXBean();
        long loaded = classes.getTotalLoadedClassCount();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        Context context = new Ctx();
        if (args[0].equals("powertools")) {
            PowertoolsWay.run(context);
        } else {
            System.out.println(mapper.writeValueAsString(java.util.Map.of("level", "INFO", "requestId", context.getAwsRequestId(),
                    "stage", "Inspect", "cluster", "orders-prod", "planned", 3, "applied", 3, "durationMs", 12)));
        }
        long wall = System.nanoTime() - start;
        System.err.printf("%s %.1f %.1f %d%n", args[0], wall / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6,
                classes.getTotalLoadedClassCount() - loaded);
    }

    static final class PowertoolsWay {
        static void run(Context context) {
            software.amazon.lambda.powertools.logging.PowertoolsLogging.withLogging(context, () -> {
                org.slf4j.LoggerFactory.getLogger(LogProbe.class).info("invocation", entry("stage", "Inspect"),
                        entry("cluster", "orders-prod"), entry("planned", 3), entry("applied", 3), entry("durationMs", 12));
                return null;
            });
        }
    }

    static final class Ctx implements Context {
        public String getAwsRequestId() { return "8f3c2e1a-4b6d-9a0e"; }
        public String getLogGroupName() { return "/aws/lambda/f"; }
        public String getLogStreamName() { return "s"; }
        public String getFunctionName() { return "f"; }
        public String getFunctionVersion() { return "1"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:f:live"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 60000; }
        public int getMemoryLimitInMB() { return 1024; }
        public LambdaLogger getLogger() { return null; }
    }
}
