package com.auroracdc.internal.parametergroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ParameterValueTest {
    @Test
    void parse_whenInteger_isLiteral() {
        assertThat(ParameterValue.parse(" 20 ")).isEqualTo(new ParameterValue.Literal(20));
    }

    @Test
    void parse_whenFormula_isFormulaWithZeroLowerBound() {
        ParameterValue value = ParameterValue.parse("{DBInstanceClassMemory/9531392}");
        assertThat(value).isInstanceOf(ParameterValue.Formula.class);
        assertThat(value.lowerBound()).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void parse_whenAuroraDefaultFunctions_knowsTheirLowerBounds() {
        assertThat(ParameterValue.parse("GREATEST({DBInstanceVCPU*2},8)").lowerBound()).hasValue(8);
        assertThat(ParameterValue.parse("GREATEST(${DBInstanceVCPU*2},8)").lowerBound()).hasValue(8);
        assertThat(ParameterValue.parse("greatest({DBInstanceClassMemory/64371566592}, 3)").lowerBound()).hasValue(3);
        assertThat(ParameterValue.parse("LEAST({DBInstanceClassMemory/9531392},5000)").lowerBound()).hasValue(0);
        assertThat(ParameterValue.parse("LEAST(12,5000)").lowerBound()).hasValue(12);
        assertThat(ParameterValue.parse("SUM({DBInstanceVCPU},2,3)").lowerBound()).hasValue(5);
    }

    @Test
    void parse_whenUnknownForm_isOpaqueWithoutBound() {
        assertThat(ParameterValue.parse("IF({TrueIfReplica},1,0)").lowerBound()).isEmpty();
        assertThat(ParameterValue.parse("GREATEST(LEAST(1,2),3)").lowerBound()).isEmpty();
        assertThat(ParameterValue.parse("GREATEST(1,,3)").lowerBound()).isEmpty();
        assertThat(ParameterValue.parse("on").lowerBound()).isEmpty();
    }

    @Test
    void raiseTo_whenLiteralBelowFloor_isTheFloor() {
        assertThat(ParameterValue.parse("4").raiseTo(7)).contains("7");
        assertThat(ParameterValue.parse("9").raiseTo(7)).isEmpty();
    }

    @Test
    void raiseTo_whenGreatest_replacesSmallIntegersByTheFloorAndKeepsFormulas() {
        assertThat(ParameterValue.parse("GREATEST({DBInstanceVCPU*2},8)").raiseTo(18)).contains("GREATEST({DBInstanceVCPU*2},18)");
        assertThat(ParameterValue.parse("GREATEST({DBInstanceVCPU*2},8,4)").raiseTo(18)).contains("GREATEST({DBInstanceVCPU*2},18)");
        assertThat(ParameterValue.parse("GREATEST({DBInstanceVCPU*2},30)").raiseTo(18)).isEmpty();
        assertThat(ParameterValue.parse("GREATEST(3,5)").raiseTo(18)).contains("18");
    }

    @Test
    void raiseTo_whenBareFormula_wrapsItInGreatest() {
        assertThat(ParameterValue.parse("{DBInstanceVCPU*4}").raiseTo(7)).contains("GREATEST({DBInstanceVCPU*4},7)");
    }

    @Test
    void raiseTo_whenSum_replacesItsIntegersSoTheValueOnlyGrows() {
        assertThat(ParameterValue.parse("SUM({DBInstanceVCPU},2,1)").raiseTo(7)).contains("SUM({DBInstanceVCPU},7)");
    }

    @Test
    void raiseTo_whenLeastOfFormula_refuses() {
        assertThatThrownBy(() -> ParameterValue.parse("LEAST({DBInstanceVCPU},5000)").raiseTo(7))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ParameterValue.parse("LEAST(3,5000)").raiseTo(7)).isEqualTo(Optional.of("7"));
    }

    @Test
    void raiseTo_whenOpaque_refuses() {
        assertThatThrownBy(() -> ParameterValue.parse("IF({TrueIfReplica},1,0)").raiseTo(7))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
