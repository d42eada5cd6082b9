package com.auroracdc.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auroracdc.local.sim.Scenario;
import com.auroracdc.local.sim.SimAws;
import com.auroracdc.local.sim.SimCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.RebootDbInstanceRequest;

/**
 * Reboots on clusters with 0, 1 and 3 readers, on a version with read availability (16.4) and one without (14.6),
 * under readerReboot rolling and skip: the writer is rebooted exactly once, readers as the version and the
 * setting say, a second run changes nothing, and a run that fails at any mutating call (before or after AWS
 * applied it) converges when run again, never rebooting the writer twice for readers left pending.
 */
class RebootConvergenceTest {
    private static final String CLUSTER = "orders-prod";

    record Shape(String version, int readers, String readerReboot) {
        boolean readAvailability() {
            return version.startsWith("16");
        }

        /** Readers end in-sync unless the version keeps them up and the setting leaves them pending. */
        boolean readersEndInSync() {
            return !readAvailability() || readerReboot.equals("rolling");
        }

        SimAws cluster() {
            SimAws sim = SimAws.create();
            Scenario.DEFAULT_GROUP.builder(sim, CLUSTER).engineVersion(version).readers(readers)
                    .tag("materialize:egress-cidrs", "3.215.237.32/27")
                    .tag("materialize:reader-reboot", readerReboot).create();
            sim.clearCalls();
            return sim;
        }

        @Override
        public String toString() {
            return version + ", " + readers + " reader(s), " + readerReboot;
        }
    }

    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        for (String version : List.of("16.4", "14.6")) {
            for (int readers : new int[] {0, 1, 3}) {
                for (String mode : List.of("rolling", "skip")) {
                    shapes.add(new Shape(version, readers, mode));
                }
            }
        }
        return shapes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void run_whenShape_rebootsAsTheVersionDictatesAndSecondRunChangesNothing(Shape shape) {
        SimAws sim = shape.cluster();
        var driver = new ControlPlaneDriver(sim);
        ControlPlaneDriver.Run first = driver.run(CLUSTER, false);

        List<String> rebooted = reboots(sim);
        String writer = first.context().cluster().writerInstanceId();
        List<String> readers = first.context().cluster().readerInstanceIds().stream().sorted().toList();
        List<String> expected = new ArrayList<>(List.of(writer));
        if (shape.readAvailability() && shape.readerReboot().equals("rolling")) {
            expected.addAll(readers); // one at a time, after the writer
        }
        assertThat(rebooted).as("RebootDBInstance calls, in order").containsExactlyElementsOf(expected);
        assertMembers(sim, shape);
        StageResultView reboot = StageResultView.of(first);
        assertThat(reboot.applied()).hasSize(expected.size());
        if (!shape.readersEndInSync() && shape.readers() > 0) {
            assertThat(reboot.warnings()).anySatisfy(w -> assertThat(w).contains("aws rds reboot-db-instance --db-instance-identifier " + readers.getFirst()));
        }

        sim.clearCalls();
        ControlPlaneDriver.Run second = driver.run(CLUSTER, false);
        assertThat(second.planned()).as("plan of a converged cluster").isEmpty();
        assertThat(sim.mutatingCallCount()).as("mutating calls of the second run: %s", sim.mutatingCallsByOperation()).isZero();
    }

    static Stream<Arguments> everyMutatingCall() {
        return shapes().stream().flatMap(shape -> ControlPlaneDriver.everyMutatingCall(shape, shape.cluster(), CLUSTER));
    }

    @ParameterizedTest(name = "{0}: mutating call {1} fails {2}")
    @MethodSource("everyMutatingCall")
    void run_whenAMutatingCallFails_runAgainConvergesWithOneWriterReboot(Shape shape, int nth, SimAws.FaultTiming timing) {
        SimAws sim = shape.cluster();
        var driver = new ControlPlaneDriver(sim);
        sim.failMutatingCall(nth, timing);
        assertThatThrownBy(() -> driver.run(CLUSTER, false)).as("the injected failure surfaces").isNotNull();
        sim.clearFaults();
        sim.clock().advance(Duration.ofMinutes(5)); // as Inspect's ClusterBusy retry (or the operator) would

        ControlPlaneDriver.Run again = driver.run(CLUSTER, false);
        assertMembers(sim, shape);
        String writer = again.context().cluster().writerInstanceId();
        Map<String, Long> applied = sim.calls().stream().filter(SimCall::mutating)
                .filter(c -> c.request() instanceof RebootDbInstanceRequest && timing == SimAws.FaultTiming.AFTER_APPLY || c.succeeded())
                .filter(c -> c.request() instanceof RebootDbInstanceRequest)
                .collect(Collectors.groupingBy(c -> ((RebootDbInstanceRequest) c.request()).dbInstanceIdentifier(), Collectors.counting()));
        assertThat(applied.get(writer)).as("writer reboots that took effect: %s", applied).isEqualTo(1L);

        sim.clearCalls();
        assertThat(driver.run(CLUSTER, false).planned()).isEmpty();
        assertThat(sim.mutatingCallCount()).as("after recovery: %s", sim.mutatingCallsByOperation()).isZero();
    }

    private static List<String> reboots(SimAws sim) {
        return sim.calls().stream().filter(c -> c.request() instanceof RebootDbInstanceRequest && c.succeeded())
                .map(c -> ((RebootDbInstanceRequest) c.request()).dbInstanceIdentifier()).toList();
    }

    private static void assertMembers(SimAws sim, Shape shape) {
        for (DBClusterMember member : sim.rds().describeDBClusters(r -> r.dbClusterIdentifier(CLUSTER)).dbClusters().getFirst()
                .dbClusterMembers()) {
            boolean inSync = "in-sync".equals(member.dbClusterParameterGroupStatus());
            if (member.isClusterWriter() || shape.readersEndInSync()) {
                assertThat(inSync).as("%s is in-sync", member.dbInstanceIdentifier()).isTrue();
            } else {
                assertThat(inSync).as("reader %s left pending (skip)", member.dbInstanceIdentifier()).isFalse();
            }
        }
    }

    /** The Reboot stage's result of a run. */
    record StageResultView(List<String> applied, List<String> warnings) {
        static StageResultView of(ControlPlaneDriver.Run run) {
            var reboot = run.stages().stream().filter(s -> s.stage().equals("reboot")).findFirst().orElseThrow();
            return new StageResultView(reboot.applied(), reboot.warnings());
        }
    }
}
