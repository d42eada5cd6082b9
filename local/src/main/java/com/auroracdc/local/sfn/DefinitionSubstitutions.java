package com.auroracdc.local.sfn;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SAM {@code DefinitionSubstitutions}: every {@code ${Name}} in a definition's text is replaced by its
 * value before the state machine is created. A placeholder left without a value is an error here (in AWS
 * it would reach the definition verbatim and fail at run time).
 */
public final class DefinitionSubstitutions {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)}");

    private DefinitionSubstitutions() {
    }

    /** The placeholder names in order of first appearance. */
    public static Set<String> placeholders(String definition) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definition);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    public static String apply(String definition, Map<String, String> values) {
        Set<String> missing = new TreeSet<>(placeholders(definition));
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("No value for definition substitution(s) " + missing
                    + ": add them to the DefinitionSubstitutions (template.yaml) and to the local run's substitutions.");
        }
        Matcher matcher = PLACEHOLDER.matcher(definition);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.get(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
