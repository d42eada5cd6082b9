package com.auroracdc.local.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionSubstitutionsTest {
    @Test
    void apply_whenEveryPlaceholderHasValue_replacesAllOccurrences() {
        String definition = "{\"A\":\"${Fn}\",\"B\":\"${Fn}\",\"C\":\"${Topic}\",\"D\":\"$.plain\"}";

        String result = DefinitionSubstitutions.apply(definition, Map.of("Fn", "arn:x:$1", "Topic", "t"));

        assertThat(result).isEqualTo("{\"A\":\"arn:x:$1\",\"B\":\"arn:x:$1\",\"C\":\"t\",\"D\":\"$.plain\"}");
    }

    @Test
    void apply_whenPlaceholderHasNoValue_namesEveryMissingOne() {
        assertThatThrownBy(() -> DefinitionSubstitutions.apply("${A} ${B} ${C}", Map.of("B", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[A, C]");
    }

    @Test
    void placeholders_listsNamesInOrderOnce() {
        assertThat(DefinitionSubstitutions.placeholders("${B} ${A} ${B}")).containsExactly("B", "A");
    }
}
