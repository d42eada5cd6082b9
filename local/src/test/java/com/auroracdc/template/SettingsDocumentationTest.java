package com.auroracdc.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.settings.Setting;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every setting and every named error is documented in the README; every stack setting is wired to its parameter. */
class SettingsDocumentationTest {
    @Test
    void readme_hasARowPerSettingWithItsTagAndStackParameter() throws Exception {
        String readme = Files.readString(Template.ROOT.resolve("README.md"));
        for (Setting setting : Setting.values()) {
            String row = readme.lines().filter(line -> line.startsWith("| `" + setting.inputKey() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("README has no settings row for " + setting.inputKey()));
            assertThat(row).as(setting.name()).contains(setting.tagKey() == null ? "| — |" : "`" + setting.tagKey() + "`");
            assertThat(row).as(setting.name()).contains(setting.stackParameter() == null ? "| — |" : "`" + setting.stackParameter() + "`");
        }
    }

    @Test
    void readme_hasATroubleshootingRowPerNamedError() throws Exception {
        String readme = Files.readString(Template.ROOT.resolve("README.md"));
        try (var errors = Files.list(Template.ROOT.resolve("functions/src/main/java/com/auroracdc/errors"))) {
            errors.map(f -> f.getFileName().toString().replace(".java", ""))
                    .filter(name -> !name.equals("AutopilotException"))
                    .forEach(name -> assertThat(readme).as("troubleshooting row for %s", name).contains("| `" + name + "` |"));
        }
    }

    @Test
    void template_passesEveryStackSettingToTheFunctions() {
        Template template = Template.load();
        Map<String, Object> parameters = Template.map(template.section("Parameters"));
        Map<String, String> stackSettings = com.auroracdc.local.template.SamTemplate.load(Template.ROOT.resolve("template.yaml"))
                .stackSettingsSources();
        for (Setting setting : Setting.values()) {
            if (setting.stackParameter() == null) {
                continue;
            }
            assertThat(parameters.keySet()).as("stack parameters").contains(setting.stackParameter());
            Map<String, Object> parameter = Template.map(parameters.get(setting.stackParameter()));
            assertThat(String.valueOf(parameter.get("Default"))).as("default of %s", setting.stackParameter())
                    .isEqualTo(setting.defaultValue());
            // Through the stack settings parameter, not the environment (StackSettingsRedeployTest says why).
            assertThat(stackSettings).as("stack setting %s", setting.environmentVariable())
                    .containsEntry(setting.environmentVariable(), setting.stackParameter());
        }
    }
}
