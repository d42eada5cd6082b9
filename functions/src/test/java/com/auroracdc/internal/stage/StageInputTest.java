package com.auroracdc.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.cluster.SetupContext;
import com.auroracdc.internal.execution.StageInput;
import com.auroracdc.internal.execution.TestExecutions;
import com.auroracdc.internal.json.Json;
import com.auroracdc.internal.settings.RebootPolicy;
import com.auroracdc.internal.settings.TablePattern;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StageInputTest {
    @Test
    void read_whenStageInputEvent_holdsTheExecutionHandleOnly() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("../events/stage-input.json"))) {
            StageInput input = Json.read(in, StageInput.class);
            assertThat(input.execution().executionId()).startsWith("arn:aws:states:");
            assertThat(input.execution().token()).isNotBlank();
            assertThat(input.execution().toString()).doesNotContain(input.execution().token());
            assertThat(Json.read(Json.write(input), StageInput.class)).isEqualTo(input);
        }
    }

    @Test
    void sampleContext_deserialisesEveryField() {
        SetupContext context = TestExecutions.sampleContext(false);
        assertThat(context.cluster().writerInstanceId()).isEqualTo("orders-prod-1");
        assertThat(context.cluster().parameterGroupFamily()).isEqualTo("aurora-postgresql16");
        assertThat(context.settings().rebootPolicy()).isEqualTo(RebootPolicy.IMMEDIATE);
        assertThat(context.settings().tables()).containsExactly(
                TablePattern.table("public", "orders"), TablePattern.table("public", "order_lines"));
        assertThat(Json.read(Json.write(context), SetupContext.class)).isEqualTo(context);
    }
}
