package com.auroracdc.internal.parametergroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * An integer RDS parameter value as RDS writes it: a plain integer, a formula such as
 * {@code {DBInstanceVCPU*2}}, or a function of integers and formulas such as
 * {@code GREATEST({DBInstanceVCPU*2},8)}. RDS documents the functions GREATEST, LEAST, SUM (and IF, Oracle
 * only); their arguments are integers or formulas, never other functions. A formula's value depends on the
 * instance class, which the control plane does not know, so this type reasons about guarantees only:
 * {@link #lowerBound()} is what the value is at least on every instance, and {@link #raiseTo(long)} returns a
 * value that is at least the floor everywhere and never lower than this one anywhere.
 */
sealed interface ParameterValue {
    Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    Pattern FORMULA = Pattern.compile("\\$?\\{[^{}]+}");
    Pattern FUNCTION = Pattern.compile("([A-Za-z]+)\\s*\\((.*)\\)");

    /** The value as RDS stores it. */
    String text();

    /** What the value is at least on every instance class, or empty when it cannot be known. */
    OptionalLong lowerBound();

    /**
     * A value that is at least {@code floor} on every instance and nowhere lower than this one, or empty when
     * this value already guarantees the floor. Formula terms are kept so the value keeps scaling with the
     * instance: {@code GREATEST({DBInstanceVCPU*2},8)} raised to 18 becomes {@code GREATEST({DBInstanceVCPU*2},18)}.
     *
     * @throws IllegalArgumentException when no such value can be written without nesting functions (a LEAST of
     *                                  formulas, IF, or a form this parser does not know)
     */
    Optional<String> raiseTo(long floor);

    /** Parses what DescribeDBClusterParameters returned; never fails (unknown forms become {@link Opaque}). */
    static ParameterValue parse(String text) {
        String trimmed = text.trim();
        if (INTEGER.matcher(trimmed).matches()) {
            return new Literal(Long.parseLong(trimmed));
        }
        if (FORMULA.matcher(trimmed).matches()) {
            return new Formula(trimmed);
        }
        var function = FUNCTION.matcher(trimmed);
        if (function.matches()) {
            String name = function.group(1).toUpperCase(Locale.ROOT);
            List<String> arguments = splitArguments(function.group(2));
            List<ParameterValue> parsed = new ArrayList<>();
            for (String argument : arguments) {
                ParameterValue value = parse(argument);
                if (!(value instanceof Literal || value instanceof Formula)) {
                    return new Opaque(trimmed);
                }
                parsed.add(value);
            }
            if (!parsed.isEmpty() && (name.equals("GREATEST") || name.equals("LEAST") || name.equals("SUM"))) {
                return new Function(name, parsed, trimmed);
            }
        }
        return new Opaque(trimmed);
    }

    static ParameterValue of(long value) {
        return new Literal(value);
    }

    /** Splits on commas outside braces and parentheses (a formula may hold {@code log(...)}). */
    private static List<String> splitArguments(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '{' || c == '(') {
                depth++;
            } else if (c == '}' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(list.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(list.substring(start).trim());
        return parts.stream().anyMatch(String::isEmpty) ? List.of() : parts;
    }

    record Literal(long value) implements ParameterValue {
        @Override
        public String text() {
            return Long.toString(value);
        }

        @Override
        public OptionalLong lowerBound() {
            return OptionalLong.of(value);
        }

        @Override
        public Optional<String> raiseTo(long floor) {
            return value >= floor ? Optional.empty() : Optional.of(Long.toString(floor));
        }
    }

    /**
     * A braced formula. Its variables (memory, vCPUs, storage, port) are never negative and the only operators
     * are * and /, so 0 is a lower bound and the value only grows with the instance. (A log expression such as
     * {@code {log(DBInstanceClassMemory/8187281418)*1000}} is counted the same way: RDS uses them for sizes,
     * never for the worker counts this stage reasons about.)
     */
    record Formula(String text) implements ParameterValue {
        @Override
        public OptionalLong lowerBound() {
            return OptionalLong.of(0);
        }

        @Override
        public Optional<String> raiseTo(long floor) {
            return floor <= 0 ? Optional.empty() : Optional.of("GREATEST(" + text + "," + floor + ")");
        }
    }

    /** GREATEST, LEAST or SUM of integers and formulas. */
    record Function(String name, List<ParameterValue> arguments, String text) implements ParameterValue {
        public Function {
            arguments = List.copyOf(arguments);
        }

        @Override
        public OptionalLong lowerBound() {
            var bounds = arguments.stream().mapToLong(a -> a.lowerBound().orElseThrow());
            return OptionalLong.of(switch (name) {
                case "GREATEST" -> bounds.max().orElseThrow();
                case "LEAST" -> bounds.min().orElseThrow();
                default -> bounds.sum();
            });
        }

        @Override
        public Optional<String> raiseTo(long floor) {
            if (lowerBound().orElseThrow() >= floor) {
                return Optional.empty();
            }
            List<String> formulas = arguments.stream().filter(Formula.class::isInstance).map(ParameterValue::text).toList();
            if (formulas.isEmpty()) {
                return Optional.of(Long.toString(floor));
            }
            return Optional.of(switch (name) {
                // Every integer argument is below the floor here, so the floor replaces them all.
                case "GREATEST" -> "GREATEST(" + String.join(",", formulas) + "," + floor + ")";
                // The integers sum to the lower bound (formulas count 0), which is below the floor: replacing
                // them by the floor adds (floor - bound) everywhere, so the value only grows.
                case "SUM" -> "SUM(" + String.join(",", formulas) + "," + floor + ")";
                // LEAST(formula, ...) >= floor would need GREATEST inside LEAST: RDS does not nest functions.
                default -> throw new IllegalArgumentException(text + " is a LEAST of formulas");
            });
        }
    }

    /** A form this parser does not know (IF, log expressions inside functions, a typo): never rewritten. */
    record Opaque(String text) implements ParameterValue {
        @Override
        public OptionalLong lowerBound() {
            return OptionalLong.empty();
        }

        @Override
        public Optional<String> raiseTo(long floor) {
            throw new IllegalArgumentException(text + " is not an integer, a formula or GREATEST/SUM of them");
        }
    }
}
