package com.auroracdc.internal.parametergroup;

import static com.auroracdc.internal.parametergroup.Groups.MANAGED;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.internal.parametergroup.ParameterGroupChange.SetParameters;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParameterGroupChangeTest {
    @Test
    void setParameters_whenMoreThanTwenty_cannotBeBuilt() {
        // ModifyDBClusterParameterGroup takes at most 20 parameters per call.
        List<ParameterSetting> many = IntStream.range(0, 21).mapToObj(i -> new ParameterSetting("p" + i, null, "1")).toList();
        assertThatThrownBy(() -> new SetParameters(MANAGED, many)).isInstanceOf(IllegalArgumentException.class);
    }
}
