package com.auroracdc.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.settings.RebootPolicy;
import com.auroracdc.settings.TablePattern;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StageInputTest {
    @Test
    void read_whenStageInputEvent_deserialisesEveryField() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("../events/stage-input.json"))) {
            StageInput input = Json.read(in, StageInput.class);
            assertThat(input.context().cluster().writerInstanceId()).isEqualTo("orders-prod-1");
            assertThat(input.context().cluster().parameterGroupFamily()).isEqualTo("aurora-postgresql16");
            assertThat(input.context().settings().rebootPolicy()).isEqualTo(RebootPolicy.IMMEDIATE);
            assertThat(input.context().settings().tables()).containsExactly(
                    TablePattern.table("public", "orders"), TablePattern.table("public", "order_lines"));
            assertThat(Json.read(Json.write(input), StageInput.class)).isEqualTo(input);
        }
    }
}
