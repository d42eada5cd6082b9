package com.auroracdc.local.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Where the functions' own log lines (one JSON line per invocation, metric lines) go in a local run: a file, as
 * CloudWatch Logs would hold them, so the terminal tells the run's story and the logs are there to read after.
 */
final class FunctionLog {
    static final Path FILE = LocalAutopilot.ROOT.resolve("local/target/function-logs.jsonl").normalize();

    private FunctionLog() {
    }

    /** A sink for this run's lines; the file starts empty. */
    static Consumer<String> sink() {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the function log " + FILE, e);
        }
        return FunctionLog::append;
    }

    private static synchronized void append(String line) {
        try {
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the function log " + FILE, e);
        }
    }

    /** The closing line that says where the logs are. */
    static String where() {
        return "Function logs (one JSON line per invocation, and metric lines): " + FILE;
    }
}
