package com.auroracdc.internal.materialize;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Masks secret values in text meant for a message. Each secret is masked as written, as a SQL string literal writes
 * it ({@code '} doubled: what Materialize echoes of {@code CREATE SECRET ... AS '...'}) and as JSON escapes it (an
 * excerpt of a raw response body). Longest first, so a secret that contains another is masked whole. Mask before
 * shortening a text ({@link #excerpt}): a cut could otherwise leave a secret's beginning unmasked.
 */
final class Masking {
    static final String MASK = "****";
    private static final int EXCERPT = 500;

    private final List<String> forms;

    Masking(Collection<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                all.add(secret);
                all.add(secret.replace("'", "''"));
                all.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
            }
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.forms = List.copyOf(sorted);
    }

    /** A masking of these secrets and of more. */
    Masking with(Collection<String> more) {
        List<String> all = new ArrayList<>(forms);
        all.addAll(more);
        return new Masking(all);
    }

    /** The text with every secret replaced by {@value #MASK}; null stays null. */
    String apply(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String form : forms) {
            masked = masked.replace(form, MASK);
        }
        return masked;
    }

    /** The masked text, cut to 500 characters and on one line. */
    String excerpt(String text) {
        String masked = apply(text);
        if (masked == null) {
            return "";
        }
        String line = masked.strip().replaceAll("\\s+", " ");
        return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "...";
    }
}
