package com.auroracdc.internal.reboot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The thresholds of AWS's pages "Rebooting an Aurora cluster with (and without) read availability". */
class ReadAvailabilityTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"17.4, true", "16.1, true", "16.4, true", "15.2, true", "15.8, true", "14.7, true", "14.6, false",
            "14.3, false", "13.10, true", "13.9, false", "12.14, true", "12.13, false", "11.21, false", "11, false",
            "10.21, false", "garbage, false"})
    void of_whenEngineVersion_followsTheDocumentedThresholds(String version, boolean expected) {
        assertThat(ReadAvailability.of(version)).isEqualTo(expected);
    }
}
