package com.auroracdc.local.checks;

import com.auroracdc.internal.json.Json;
import com.auroracdc.local.sfn.NodeTools;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** cfn-guard 3 (from the npm package) over one or more templates, in one run. */
final class CfnGuard {
    private CfnGuard() {
    }

    /** @param status PASS, FAIL or SKIP (no rule applied) */
    record Report(String status, Set<String> failedRules, Set<String> compliantRules, String details) {
        boolean passed() {
            return !"FAIL".equals(status);
        }
    }

    /** The report of each data file, keyed by its file name. */
    static Map<String, Report> validate(Path rules, List<Path> templates) {
        List<String> command = new ArrayList<>(List.of(NodeTools.cfnGuard().toString(), "validate",
                "--rules", rules.toString(), "--structured", "--output-format", "json", "--show-summary", "none"));
        for (Path template : templates) {
            command.add("--data");
            command.add(template.toString());
        }
        Command result = Command.run(rules.getParent(), "", command);
        if (result.exitCode() != 0 && result.exitCode() != 19) { // 19: some rule failed
            throw new IllegalStateException("cfn-guard could not check (exit " + result.exitCode() + "): "
                    + result.stderr() + result.stdout());
        }
        Map<String, Report> reports = new LinkedHashMap<>();
        try {
            for (JsonNode file : Json.MAPPER.readTree(result.stdout())) {
                Set<String> failed = new TreeSet<>();
                file.path("not_compliant").forEach(rule -> failed.add(rule.path("Rule").path("name").asText()));
                Set<String> compliant = new TreeSet<>();
                file.path("compliant").forEach(rule -> compliant.add(rule.asText()));
                reports.put(Path.of(file.path("name").asText()).getFileName().toString(),
                        new Report(file.path("status").asText(), failed, compliant, file.path("not_compliant").toString()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cfn-guard printed something else than its JSON report: " + result.stdout(), e);
        }
        return reports;
    }
}
