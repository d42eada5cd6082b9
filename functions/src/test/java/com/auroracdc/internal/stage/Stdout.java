package com.auroracdc.internal.stage;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Captures what the code under test prints on stdout (where Lambda takes log lines and metrics from). */
public final class Stdout implements AutoCloseable {
    private final PrintStream original = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private Stdout() {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    public static Stdout capture() {
        return new Stdout();
    }

    public List<String> lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
