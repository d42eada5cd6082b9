package com.auroracdc.local.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.local.sfn.DefinitionSubstitutions;
import com.auroracdc.local.sfn.LocalArns;
import com.auroracdc.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every state machine definition passes asl-validator with its DefinitionSubstitutions applied, and uses
 * nothing the local interpreter cannot run. The fixture cases prove the check passes a good definition and
 * fails broken ones; the repository case checks statemachine/*.asl.json against template.yaml.
 */
class AslDefinitionsTest {
    private static final Path FIXTURE = Path.of("src/test/resources/sfn/harness-fixture.asl.json");
    private static final Map<String, String> FIXTURE_SUBSTITUTIONS = Map.of(
            "CounterFunctionArn", LocalArns.function("counter"),
            "SquareFunctionArn", LocalArns.function("square"),
            "FlakyFunctionArn", LocalArns.function("flaky"),
            "GuardedFunctionArn", LocalArns.function("guarded"));

    private static Map<String, AslCheck.Result> fixtureResults;

    /** name, text to find in the fixture, replacement, a word the error must contain. */
    static Stream<Arguments> brokenFixtures() {
        return Stream.of(
                Arguments.of("transition to a missing state", "\"Next\": \"Count\"", "\"Next\": \"Nowhere\"", "Nowhere"),
                Arguments.of("Wait without a duration", "\"Seconds\": 3600,", "", "WAIT_DURATION"),
                Arguments.of("invalid JSONPath", "\"ItemsPath\": \"$.items\"", "\"ItemsPath\": \"$.items[\"", "ItemsPath"),
                Arguments.of("JSONata", "\"StartAt\": \"Count\",", "\"QueryLanguage\": \"JSONata\", \"StartAt\": \"Count\",", "JSONata"),
                Arguments.of("Assign", "\"Type\": \"Wait\",", "\"Type\": \"Wait\", \"Assign\": {\"x\": 1},", "Assign"),
                Arguments.of("Resource not an ARN", "\"Resource\": \"${FlakyFunctionArn}\"", "\"Resource\": \"flaky\"", "Resource"),
                Arguments.of("unknown state type", "\"Type\": \"Pass\"", "\"Type\": \"Pause\"", "Type"));
    }

    @BeforeAll
    static void checkFixtures() throws IOException {
        String fixture = Files.readString(FIXTURE);
        Map<String, String> definitions = new LinkedHashMap<>();
        definitions.put("fixture", DefinitionSubstitutions.apply(fixture, FIXTURE_SUBSTITUTIONS));
        brokenFixtures().forEach(arguments -> {
            Object[] a = arguments.get();
            assertThat(fixture).as("the fixture text this case breaks").contains((String) a[1]);
            definitions.put((String) a[0], DefinitionSubstitutions.apply(fixture.replace((String) a[1], (String) a[2]),
                    FIXTURE_SUBSTITUTIONS));
        });
        fixtureResults = AslCheck.validate(definitions); // one Node start for every fixture case
    }

    @Test
    void check_whenFixtureDefinitionValid_passes() {
        assertThat(fixtureResults.get("fixture").errors()).isEmpty();
        assertThat(fixtureResults.get("fixture").valid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFixtures")
    void check_whenDefinitionBroken_failsWithReason(String name, String find, String replace, String reasonWord) {
        AslCheck.Result result = fixtureResults.get(name);

        assertThat(result.valid()).isFalse();
        assertThat(String.join("\n", result.errors())).contains(reasonWord);
    }

    @Test
    void repositoryStateMachines_passAslValidatorWithTheirSubstitutions() throws IOException {
        List<Path> files = RepositoryFiles.stateMachineDefinitions();
        if (RepositoryFiles.template().isEmpty()) {
            // Nothing of the template is on this branch yet: then no definition may exist without it either.
            assertThat(files).as("statemachine/*.asl.json exist but template.yaml does not").isEmpty();
            return;
        }
        SamTemplate template = SamTemplate.load(RepositoryFiles.template().get());
        List<SamTemplate.StateMachine> machines = template.stateMachines();
        assertThat(machines).as("AWS::Serverless::StateMachine resources with a DefinitionUri in template.yaml").isNotEmpty();

        Map<String, String> definitions = new LinkedHashMap<>();
        Map<Path, String> referenced = new HashMap<>();
        for (SamTemplate.StateMachine machine : machines) {
            assertThat(machine.definitionFile()).as(machine.logicalId() + " DefinitionUri").isNotNull().isRegularFile();
            referenced.put(machine.definitionFile(), machine.logicalId());
            String text = Files.readString(machine.definitionFile());
            definitions.put(RepositoryFiles.root().relativize(machine.definitionFile()).toString(),
                    DefinitionSubstitutions.apply(text, template.localSubstitutions(machine)));
        }
        assertThat(files).as("every statemachine/*.asl.json is a DefinitionUri of template.yaml")
                .allSatisfy(file -> assertThat(referenced).containsKey(file.toAbsolutePath().normalize()));

        AslCheck.validate(definitions).values().forEach(result ->
                assertThat(result.errors()).as(result.name() + " (asl-validator and the local interpreter)").isEmpty());
    }
}
