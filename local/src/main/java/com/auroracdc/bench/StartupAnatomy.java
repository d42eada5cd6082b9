package com.auroracdc.bench;

import com.auroracdc.internal.aws.AwsClients;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.json.Json;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;

/**
 * Where a cold start's time goes, step by step, in one fresh JVM: each step's wall time, the CPU time of the
 * thread running it (steadier than wall time on a shared machine; JIT and GC threads excluded) and the classes it
 * loaded. Run by {@code local/bench/anatomy.sh} against {@link AwsStub}; the steps run in the order a first
 * invocation meets them, so each figure is what that step adds on top of the previous ones.
 */
public final class StartupAnatomy {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long classes;

    private StartupAnatomy() {
    }

    public static void main(String[] args) throws Exception {
        var loading = ManagementFactory.getClassLoadingMXBean();
        classes = loading.getTotalLoadedClassCount();
        System.out.printf("%-58s %8s %8s %8s%n", "step", "ms", "cpu ms", "classes");
        step("JVM start to main (uptime)", ManagementFactory.getRuntimeMXBean().getUptime(),
                THREADS.getCurrentThreadCpuTime() / 1_000_000);
        step("Jackson: Json.MAPPER", () -> Json.MAPPER);
        byte[] sample;
        try (InputStream in = StartupAnatomy.class.getResourceAsStream("/priming/StageInput.json")) {
            sample = in.readAllBytes();
        }
        StageInput input = step("Jackson: read StageInput (records)", () -> Json.read(new String(sample), StageInput.class));
        step("Jackson: write StageInput", () -> Json.write(input));
        var rds = step("SDK: build RdsClient (AwsClients.rds)", AwsClients::rds);
        step("SDK: first RDS DescribeDBClusters", () -> rds.describeDBClusters(r -> r.dbClusterIdentifier("orders-prod")));
        step("SDK: second RDS DescribeDBClusters", () -> rds.describeDBClusters(r -> r.dbClusterIdentifier("orders-prod")));
        step("SDK: first RDS DescribeDBInstances", () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier("orders-prod-1")));
        var sfn = step("SDK: build SfnClient (second client)", AwsClients::sfn);
        step("SDK: first SFN ListExecutions (JSON protocol)", () -> sfn.listExecutions(r -> r.stateMachineArn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:aurora-cdc-setup")));
        var ec2 = step("SDK: build Ec2Client", AwsClients::ec2);
        step("SDK: first EC2 DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r.groupIds("sg-0123456789abcdef0")));
        step("TLS: SSLContext.getDefault + socket factory", () -> SSLContext.getDefault().getSocketFactory());
        System.out.printf(Locale.ROOT, "%-58s %8d %8d %8d%n", "total (JVM uptime; main thread CPU)",
                ManagementFactory.getRuntimeMXBean().getUptime(), THREADS.getCurrentThreadCpuTime() / 1_000_000,
                loading.getTotalLoadedClassCount());
    }

    private static <T> T step(String name, Callable<T> action) throws Exception {
        long start = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        T result = action.call();
        step(name, (System.nanoTime() - start) / 1_000_000, (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000);
        return result;
    }

    private static void step(String name, long ms, long cpuMs) {
        long now = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.printf(Locale.ROOT, "%-58s %8d %8d %8d%n", name, ms, cpuMs, now - classes);
        classes = now;
    }
}
