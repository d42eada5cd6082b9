package com.auroracdc.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code com.auroracdc.errors.*} name in statemachine/*.asl.json (in a Retry's or a Catch's ErrorEquals, or
 * anywhere else) is an exception class here. Lambda reports a Java exception by its class name, so a renamed or
 * removed class would leave a Retry or Catch that silently never matches.
 */
class AslErrorNamesTest {
    private static final Path STATE_MACHINES = Path.of("../statemachine");
    private static final Pattern ERROR_NAME = Pattern.compile("com\\.auroracdc\\.errors\\.[A-Za-z0-9_$]+");

    @Test
    void everyErrorNameInTheStateMachines_isAnExceptionClass() throws IOException {
        List<Path> definitions;
        try (Stream<Path> files = Files.list(STATE_MACHINES)) {
            definitions = files.filter(f -> f.getFileName().toString().endsWith(".asl.json")).sorted().toList();
        }
        assertThat(definitions).as("statemachine/*.asl.json").isNotEmpty();

        Map<String, String> names = new TreeMap<>(); // name -> the first file naming it
        for (Path definition : definitions) {
            Matcher name = ERROR_NAME.matcher(Files.readString(definition));
            while (name.find()) {
                names.putIfAbsent(name.group(), definition.getFileName().toString());
            }
        }
        assertThat(names).as("com.auroracdc.errors names in the state machines").isNotEmpty();

        List<String> unresolved = new ArrayList<>();
        names.forEach((name, file) -> {
            try {
                if (!Exception.class.isAssignableFrom(Class.forName(name, false, getClass().getClassLoader()))) {
                    unresolved.add(name + " (in " + file + ") is not an exception");
                }
            } catch (ClassNotFoundException e) {
                unresolved.add(name + " (in " + file + ") is no class");
            }
        });
        assertThat(unresolved).isEmpty();
    }
}
