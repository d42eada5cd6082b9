package com.auroracdc.bench;

import com.auroracdc.internal.settings.StackSettings;
import com.auroracdc.internal.stage.PrimeByInvoking;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold start per handler: for each function of template.yaml, a fresh JVM (this JDK, the deployment package's
 * classes and lib/ on the class path, Lambda's JVM flags) constructs the handler and completes one invocation
 * against {@link AwsStub} on the loopback; a JVM hello world runs in the same rounds as the yardstick. Reports
 * median wall time, the ratio to hello world, peak RSS (from {@code /usr/bin/time}) and the AWS calls made.
 * Run by {@code local/bench/coldstart.sh}; never by the test suite.
 *
 * <p>Arguments: {@code --runs N} (default 10), {@code --package DIR} (the unzipped deployment package,
 * default functions/target/lambda), {@code --probe DIR} (these classes, default local/target/classes),
 * {@code --prime} (prime before the invocation, as a SnapStart snapshot would; every variant, --before included),
 * {@code --handlers a,b},
 * {@code --before DIR} (another unzipped package, e.g. the main branch's, measured in the same rounds),
 * {@code --jvm-flags "..."} (more JVM flags for every JVM of the run, hello world included), {@code --out FILE}.
 */
public final class ColdStartBench {
    /**
     * What the Lambda java runtime passes for a 1024 MB function (heap 85 %, metaspace 10 %, code cache 5 % of
     * the memory, serial GC, as its launch command shows), plus the template's JAVA_TOOL_OPTIONS. MaxRAM makes
     * the JVM size itself as in a 1024 MB sandbox (initial heap 16 MB, not 1/64 of this machine's memory),
     * which is what makes its peak RSS comparable.
     */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:MaxRAM=1g", "-XX:MaxHeapSize=891289k", "-XX:MaxMetaspaceSize=104857k",
            "-XX:ReservedCodeCacheSize=52428k", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true");
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final Pattern HANDLER = Pattern.compile("Handler:\\s*([\\w.]+)::handleRequest");

    record Run(double wallMs, long rssKb, double cpuMs, String probeLine) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int runs = Integer.parseInt(options.getOrDefault("runs", "10"));
        Path pkg = Path.of(options.getOrDefault("package", "functions/target/lambda")).toAbsolutePath();
        Path probe = Path.of(options.getOrDefault("probe", "local/target/classes")).toAbsolutePath();
        boolean prime = options.containsKey("prime");
        List<String> extraFlags = options.containsKey("jvm-flags") ? List.of(options.get("jvm-flags").split(" ")) : List.of();
        List<String> handlers = options.containsKey("handlers")
                ? List.of(options.get("handlers").split(","))
                : handlersOf(Path.of(options.getOrDefault("template", "template.yaml")));
        String classPath = pkg + ":" + pkg + "/lib/*:" + probe;
        // --before DIR: a second package (e.g. main's) measured in the same rounds, under the same load.
        Map<String, String> variants = new LinkedHashMap<>();
        if (options.containsKey("before")) {
            Path before = Path.of(options.get("before")).toAbsolutePath();
            variants.put(" (before)", before + ":" + before + "/lib/*:" + probe + ":" + pkg);
        }
        variants.put("", classPath);

        Map<String, String> samples = new LinkedHashMap<>();
        for (String handler : handlers) {
            try {
                Class<?> type = Class.forName(handler, false, ColdStartBench.class.getClassLoader());
                if (!invokesOnlyAws(type)) {
                    System.out.println("skipped (opens connections other than AWS, e.g. PostgreSQL: the loopback stub"
                            + " cannot answer them): " + handler);
                    continue;
                }
                samples.put(handler, sample(type));
            } catch (ClassNotFoundException e) {
                System.out.println("skipped (not built on this branch yet): " + handler);
            }
        }

        Map<String, List<Run>> results = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> calls = new LinkedHashMap<>();
        try (AwsStub stub = AwsStub.start()) {
            Map<String, String> env = environment(stub.endpoint());
            for (int round = 0; round <= runs; round++) { // round 0 warms the file cache and is not counted
                Run hello = run(extraFlags, List.of("com.auroracdc.bench.HelloWorld"), classPath, env);
                if (round > 0) {
                    results.computeIfAbsent("hello world", k -> new ArrayList<>()).add(hello);
                }
                for (var entry : samples.entrySet()) {
                    for (var variant : variants.entrySet()) {
                        stub.resetCalls();
                        Run run = run(extraFlags, List.of("com.auroracdc.bench.ColdStartProbe", entry.getKey(), entry.getValue(),
                                prime ? "prime" : "cold"), variant.getValue(), env);
                        calls.put(entry.getKey() + variant.getKey(), stub.calls());
                        if (round > 0) {
                            results.computeIfAbsent(entry.getKey() + variant.getKey(), k -> new ArrayList<>()).add(run);
                        }
                    }
                }
            }
        }
        String report = report(results, calls, runs, prime, extraFlags);
        System.out.println(report);
        Path out = Path.of(options.getOrDefault("out", "local/target/bench/coldstart" + (prime ? "-primed" : "") + ".md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
    }

    private static String loadBefore = loadAverage();

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** A handler that opts in to priming by invocation declares that its only outside calls are AWS calls. */
    static boolean invokesOnlyAws(Class<?> handler) {
        return handler.isAnnotationPresent(PrimeByInvoking.class);
    }

    /** The bundled sample input of a handler: {@code /priming/<its input type>.json}. */
    static String sample(Class<?> handler) {
        Class<?> input = (Class<?>) ((ParameterizedType) handler.getGenericSuperclass()).getActualTypeArguments()[0];
        return "/priming/" + input.getSimpleName() + ".json";
    }

    static List<String> handlersOf(Path template) throws IOException {
        List<String> handlers = new ArrayList<>();
        Matcher m = HANDLER.matcher(Files.readString(template));
        while (m.find()) {
            handlers.add(m.group(1));
        }
        return handlers;
    }

    /** A Lambda-like environment pointing every SDK client at the stub. */
    static Map<String, String> environment(String endpoint) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        env.put("AWS_SESSION_TOKEN", "IQoJb3JpZ2luX2VjEXAMPLE");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        // As template.yaml: the stack settings come from the SSM parameter (the stub's canned GetParameter answer).
        env.put(StackSettings.PARAMETER_VARIABLE, "/aurora-cdc-autopilot/aurora-cdc-autopilot/stack-settings");
        env.put("CLUSTER_STATE_TABLE", "aurora-cdc-cluster-state");
        env.put("SETUP_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:aurora-cdc-setup");
        return env;
    }

    private static Run run(List<String> flags, List<String> main, String classPath, Map<String, String> env)
            throws Exception {
        Path rss = Files.createTempFile("rss", ".txt");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M %U %S", "-o", rss.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(LAMBDA_FLAGS);
        command.addAll(flags);
        command.addAll(List.of("-cp", classPath));
        command.addAll(main);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().clear();
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + main);
        }
        double wall = (System.nanoTime() - start) / 1e6;
        if (process.exitValue() != 0) {
            throw new IllegalStateException(main + " failed:\n" + new String(out) + new String(err));
        }
        String[] usage = Files.readAllLines(rss).getLast().trim().split(" ");
        Files.delete(rss);
        double cpu = (Double.parseDouble(usage[1]) + Double.parseDouble(usage[2])) * 1000;
        // The probe's timings are its last line (Report prints its setup metric lines before them).
        return new Run(wall, Long.parseLong(usage[0]), cpu, new String(out).trim().lines().reduce((a, b) -> b).orElse(""));
    }

    private static String report(Map<String, List<Run>> results, Map<String, Map<String, Integer>> calls, int runs,
                                 boolean prime, List<String> extraFlags) {
        double hello = median(results.get("hello world").stream().mapToDouble(Run::wallMs).toArray());
        double helloCpu = median(results.get("hello world").stream().mapToDouble(Run::cpuMs).toArray());
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Cold start, %d runs each%s; JDK %s (%s); %d cores; flags %s + JAVA_TOOL_OPTIONS=\"%s\"%n%n",
                runs, prime ? ", primed before the invocation (SnapStart-like)" : "", System.getProperty("java.vm.version"),
                System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(),
                String.join(" ", LAMBDA_FLAGS) + (extraFlags.isEmpty() ? "" : " " + String.join(" ", extraFlags)),
                JAVA_TOOL_OPTIONS));
        text.append(String.format(Locale.ROOT, "Load average before/after: %s / %s (other work on the machine inflates wall times;"
                + " CPU = user+sys of the JVM, all threads)%n%n", loadBefore, loadAverage()));
        text.append("| handler | median wall ms | min | max | × hello | median CPU ms | × hello CPU | peak RSS MiB | construct ms | prime ms | invoke ms | invoke CPU ms | warm invoke ms | AWS calls (both invocations) |\n");
        text.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        results.forEach((name, list) -> {
            double wall = median(list.stream().mapToDouble(Run::wallMs).toArray());
            double min = list.stream().mapToDouble(Run::wallMs).min().orElseThrow();
            double max = list.stream().mapToDouble(Run::wallMs).max().orElseThrow();
            long rss = list.stream().mapToLong(Run::rssKb).max().orElseThrow();
            String inProcess = " | | | | | ";
            if (!name.equals("hello world")) {
                double[][] parts = list.stream().map(r -> r.probeLine().split(" "))
                        .map(p -> new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                                Double.parseDouble(p[3]), Double.parseDouble(p[4])})
                        .toArray(double[][]::new);
                inProcess = String.format(Locale.ROOT, " | %.0f | %.0f | %.0f | %.0f | %.0f | ", median(column(parts, 0)),
                        median(column(parts, 1)), median(column(parts, 2)), median(column(parts, 4)), median(column(parts, 3)));
            }
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            double cpu = median(list.stream().mapToDouble(Run::cpuMs).toArray());
            text.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.1f | %.0f | %.1f | %.0f%s%s |%n", shortName, wall, min,
                    max, wall / hello, cpu, cpu / helloCpu, rss / 1024.0, inProcess, calls.containsKey(name) ? calls.get(name).toString() : ""));
        });
        double[] sums = new double[3];
        results.forEach((name, list) -> {
            if (!name.equals("hello world") && !name.endsWith(")")) {
                for (int i = 0; i < 3; i++) {
                    int field = new int[] {2, 4, 3}[i];
                    sums[i] += median(list.stream().mapToDouble(r -> Double.parseDouble(r.probeLine().split(" ")[field])).toArray());
                }
            }
        });
        text.append(String.format(Locale.ROOT, "%nSum over these handlers, each invoked once: first invocations %.0f ms"
                + " (CPU %.0f ms), warm invocations %.0f ms%n", sums[0], sums[1], sums[2]));
        return text.toString();
    }

    private static double[] column(double[][] rows, int index) {
        double[] column = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            column[i] = rows[i][index];
        }
        return column;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(key, flag ? "" : args[++i]);
        }
        return options;
    }
}
