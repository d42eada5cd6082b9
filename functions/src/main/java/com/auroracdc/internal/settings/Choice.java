package com.auroracdc.internal.settings;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An enum whose values are spelled in lower-case words, as users write them in tags and input: the constant's
 * name in lower case, words joined by hyphens ({@code MAINTENANCE_WINDOW} is {@code maintenance-window}).
 */
public interface Choice {
    /** The enum constant's name (every Choice is an enum, which implements this). */
    String name();

    /** The spelling users write; also the JSON form (Jackson uses {@code @JsonValue} both ways for enums). */
    @JsonValue
    default String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E> & Choice> Optional<E> parse(Class<E> type, String text) {
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.value().equals(text)).findFirst();
    }

    static <E extends Enum<E> & Choice> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::value).collect(Collectors.joining(", "));
    }
}
