package com.auroracdc.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;

/**
 * What one cold start does, in a fresh JVM started by {@link ColdStartBench}: construct the handler with its
 * no-argument constructor (as Lambda does), optionally prime it (what a SnapStart snapshot holds), then one
 * invocation with the bundled sample input, and a second (warm) one. Prints one line of in-process timings:
 * construct, prime, first invocation, second invocation, the first invocation's CPU time on its thread (ms:
 * steadier than wall time when other work shares the machine), and the output's size.
 *
 * <p>Arguments: handler class, sample resource (e.g. {@code /priming/StageInput.json}), {@code prime} or {@code cold},
 * or {@code prime-only} (construct and prime, no invocation: what publishing a SnapStart version runs).
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long constructed = System.nanoTime();
        if (args.length > 2 && args[2].startsWith("prime")) {
            handler.getClass().getMethod("prime").invoke(handler);
        }
        long primed = System.nanoTime();
        if (args.length > 2 && args[2].equals("prime-only")) {
            System.out.printf("%.1f %.1f%n", (constructed - start) / 1e6, (primed - constructed) / 1e6);
            return;
        }
        byte[] input;
        try (InputStream in = ColdStartProbe.class.getResourceAsStream(args[1])) {
            input = in.readAllBytes();
        }
        var threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long beforeInvoke = System.nanoTime();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), output, null);
        long invoked = System.nanoTime();
        long invokeCpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        // A second invocation in the same JVM: what a warm container bills.
        handler.handleRequest(new ByteArrayInputStream(input), new ByteArrayOutputStream(), null);
        long warm = System.nanoTime();
        System.out.printf("%.1f %.1f %.1f %.1f %.1f %d%n", (constructed - start) / 1e6, (primed - constructed) / 1e6,
                (invoked - beforeInvoke) / 1e6, (warm - invoked) / 1e6, invokeCpu / 1e6, output.size());
    }
}
