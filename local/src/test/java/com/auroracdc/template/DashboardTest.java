package com.auroracdc.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.auroracdc.internal.drift.DriftMetrics;
import com.auroracdc.internal.report.SetupMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard charts what the code emits: a renamed metric would leave an empty chart and no error anywhere. */
class DashboardTest {
    private static final String NAMESPACE = "AuroraCdcAutopilot";
    private static final Set<String> EMITTED = Set.of(SetupMetrics.SETUPS, SetupMetrics.DURATION, DriftMetrics.DRIFT_FINDINGS,
            DriftMetrics.RETAINED_WAL, DriftMetrics.INACTIVE_SLOTS, DriftMetrics.INVALIDATED_SLOTS, DriftMetrics.FREE_SLOTS,
            DriftMetrics.CLUSTERS_CHECKED, DriftMetrics.CLUSTERS_DRIFTED, DriftMetrics.CLUSTERS_UNCHECKABLE);
    private static final Set<String> DIMENSIONS = Set.of(SetupMetrics.STATUS, DriftMetrics.CLUSTER, DriftMetrics.KIND,
            DriftMetrics.SLOT);
    private static final Pattern SEARCH = Pattern.compile("\\{" + NAMESPACE + ",([^}]*)\\} MetricName=\"([^\"]+)\"");

    private final Template template = Template.load();

    @Test
    void dashboard_chartsOnlyMetricsAndDimensionsTheCodeEmits() throws Exception {
        Set<String> charted = new TreeSet<>();
        for (JsonNode widget : body().path("widgets")) {
            for (JsonNode metric : widget.at("/properties/metrics")) {
                if (metric.path(0).asText().equals(NAMESPACE)) {
                    charted.add(metric.path(1).asText());
                }
                Matcher search = SEARCH.matcher(metric.path(0).path("expression").asText());
                if (search.find()) {
                    charted.add(search.group(2));
                    assertThat(Set.of(search.group(1).split(","))).as("dimensions of " + search.group(2)).isSubsetOf(DIMENSIONS);
                }
            }
        }
        assertThat(charted).isSubsetOf(EMITTED).contains(SetupMetrics.SETUPS, SetupMetrics.DURATION,
                DriftMetrics.DRIFT_FINDINGS, DriftMetrics.RETAINED_WAL, DriftMetrics.FREE_SLOTS,
                DriftMetrics.CLUSTERS_CHECKED, DriftMetrics.CLUSTERS_DRIFTED, DriftMetrics.CLUSTERS_UNCHECKABLE);
    }

    @Test
    void dashboard_isOnByDefaultAndOptional() {
        Map<String, Object> dashboard = template.resources().get("Dashboard");
        assertThat(dashboard.get("Condition")).isEqualTo("CreateDashboard");
        assertThat(Template.map(Template.map(template.section("Parameters")).get("CreateDashboard")).get("Default"))
                .isEqualTo("true");
    }

    /** DashboardBody with every ${...} of its Fn::Sub replaced by a number, parsed: it must be valid JSON. */
    private JsonNode body() throws Exception {
        Object body = Template.map(template.resources().get("Dashboard").get("Properties")).get("DashboardBody");
        String text = String.valueOf(Template.map(body).get("Fn::Sub"));
        return new ObjectMapper().readTree(text.replaceAll("\\$\\{[^}]+}", "1"));
    }
}
