package com.auroracdc.settings;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum setting whose values are spelled in lower-case words, as users write them in tags and input. */
public interface Choice {
    /** The spelling users write; also the JSON form (Jackson uses {@code @JsonValue} both ways for enums). */
    @JsonValue
    String value();

    static <E extends Enum<E> & Choice> Optional<E> parse(Class<E> type, String text) {
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.value().equals(text)).findFirst();
    }

    static <E extends Enum<E> & Choice> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::value).collect(Collectors.joining(", "));
    }
}
