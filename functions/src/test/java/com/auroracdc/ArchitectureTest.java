package com.auroracdc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.all;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.auroracdc.internal.stage.JsonHandler;
import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import com.tngtech.archunit.library.freeze.TextFileBasedViolationStore;
import com.tngtech.archunit.library.freeze.ViolationStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The architecture the code is moving to (issue 18), checked on the main classes of functions/:
 * <ol>
 *   <li>no dependency cycle between the packages under {@code com.auroracdc} (each package is one slice, so the
 *       drift steps' packages may use the drift package's vocabulary, never the other way round);</li>
 *   <li>the public surface is the {@code lambda} package (the handlers Lambda loads and the factories that build
 *       them) and {@code errors} (the exception names the state machines catch); everything else is package-private
 *       or lives in an {@code internal} package;</li>
 *   <li>only the read interfaces call RDS's or EC2's {@code describe*} methods: classes whose simple name ends in
 *       {@code Reads} (or that are nested in one), that implement such an interface (the drift run's batched and
 *       cached reads), or that live in a package named {@code reads}.</li>
 * </ol>
 *
 * <p>None of them holds yet, so each is a {@link FreezingArchRule}: the violations of the day are recorded in
 * {@code src/test/resources/archunit_store} (committed), and only a violation not recorded there fails the build.
 * Line numbers do not matter (a recorded call that moves is still recorded). A package cycle is recorded as the
 * package dependencies that lie on it ({@code a -> b} where {@code b} reaches {@code a} again), so new class
 * dependencies along a recorded edge pass, and any new edge that closes a cycle fails.
 *
 * <p>The store only ever shrinks by itself ({@link ShrinkOnlyStore}): a build never creates it (a missing store fails,
 * see {@code archunit.properties}), never records a rule that is not in it yet (that fails), and never adds a violation
 * to it (a new one fails). A violation that was solved drops out of the store file by itself: commit that change, so
 * the violation cannot come back unnoticed. To accept violations on purpose (a new rule, a changed rule description,
 * or new violations a change really needs), refreeze, review the store's diff and commit it:
 * <pre>./mvnw -pl functions test -Dtest=ArchitectureTest -Darchunit.freeze.refreeze=true</pre>
 * A refreeze records exactly the violations of that run (solved ones go, new ones come in).
 */
@AnalyzeClasses(packages = "com.auroracdc", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String ROOT = "com.auroracdc";

    private static final String INTERNAL = ROOT + ".internal";

    /** The packages that may hold public types. */
    private static final DescribedPredicate<JavaClass> PUBLIC_SURFACE = DescribedPredicate.describe(
            "in com.auroracdc.lambda, com.auroracdc.errors or an internal package",
            c -> c.getPackageName().equals(ROOT + ".lambda") || c.getPackageName().equals(ROOT + ".errors")
                    || c.getPackageName().startsWith(INTERNAL + "."));

    /** Lambda's handler interfaces (JsonHandler implements RequestStreamHandler). */
    private static final DescribedPredicate<JavaClass> LAMBDA_HANDLER = DescribedPredicate.describe("Lambda handlers",
            c -> c.isAssignableTo(RequestHandler.class) || c.isAssignableTo(RequestStreamHandler.class));

    /** Read interfaces: *Reads classes (and what they nest), their implementations, and anything in a package named reads. */
    private static final DescribedPredicate<JavaClass> READ_INTERFACE = DescribedPredicate.describe(
            "read interfaces (*Reads, their implementations, or in a package named reads)",
            c -> outermost(c).getSimpleName().endsWith("Reads") || c.getPackageName().endsWith(".reads")
                    || outermost(c).getAllRawInterfaces().stream().anyMatch(i -> i.getSimpleName().endsWith("Reads")));

    /** A call of, or a method reference to, an RDS or EC2 describe* method (paginators included). */
    private static final DescribedPredicate<JavaAccess<?>> RDS_OR_EC2_DESCRIBE = DescribedPredicate.describe(
            "an RDS or EC2 describe* method",
            access -> access.getName().startsWith("describe") && (access.getTargetOwner().isAssignableTo(RdsClient.class)
                    || access.getTargetOwner().isAssignableTo(Ec2Client.class)));

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = frozen(
            all(packageDependencies()).should(notLieOnACycle()).as("packages under com.auroracdc should be free of cycles"));

    @ArchTest
    static final ArchRule ONLY_THE_SURFACE_IS_PUBLIC = frozen(
            noClasses().that(DescribedPredicate.not(PUBLIC_SURFACE)).should().bePublic()
                    .allowEmptyShould(true)
                    .as("only com.auroracdc.lambda, com.auroracdc.errors and internal packages should hold public types"));

    @ArchTest
    static final ArchRule HANDLERS_ARE_IN_THE_LAMBDA_PACKAGE = frozen(
            classes().that(LAMBDA_HANDLER).and().areNotInterfaces().and().doNotHaveModifier(JavaModifier.ABSTRACT)
                    .and().areTopLevelClasses().should().resideInAPackage(ROOT + ".lambda")
                    .as("Lambda handlers should be in com.auroracdc.lambda"));

    @ArchTest
    static final ArchRule ONLY_READ_INTERFACES_DESCRIBE = frozen(
            noClasses().that(DescribedPredicate.not(READ_INTERFACE)).should().accessTargetWhere(RDS_OR_EC2_DESCRIBE)
                    .as("only read interfaces should call RDS or EC2 describe* methods"));

    private static ArchRule frozen(ArchRule rule) {
        return FreezingArchRule.freeze(rule).persistIn(new ShrinkOnlyStore());
    }

    /**
     * ArchUnit's text-file store, refusing every update that would add to it unless this run refreezes
     * ({@code -Darchunit.freeze.refreeze=true}): without a refreeze, FreezingArchRule saves a rule only to record its
     * first violations (refused here: the rule must be frozen on purpose) or to drop solved ones (allowed).
     */
    static final class ShrinkOnlyStore implements ViolationStore {
        private final TextFileBasedViolationStore store = new TextFileBasedViolationStore();

        @Override
        public void initialize(Properties properties) {
            store.initialize(properties);
        }

        @Override
        public boolean contains(ArchRule rule) {
            return store.contains(rule);
        }

        @Override
        public void save(ArchRule rule, List<String> violations) {
            if (!Boolean.parseBoolean(ArchConfiguration.get().getPropertyOrDefault("freeze.refreeze", "false"))) {
                if (!store.contains(rule)) {
                    throw new IllegalStateException("The rule '" + rule.getDescription() + "' is not in the store"
                            + " (src/test/resources/archunit_store), and a build does not add it: freeze it on purpose"
                            + " with -Darchunit.freeze.refreeze=true (see ArchitectureTest) and commit the store.");
                }
                List<String> added = new ArrayList<>(violations);
                added.removeAll(store.getViolations(rule));
                if (!added.isEmpty()) {
                    throw new IllegalStateException("A build only removes solved violations from the store; it would"
                            + " have added " + added);
                }
            }
            store.save(rule, violations);
        }

        @Override
        public List<String> getViolations(ArchRule rule) {
            return store.getViolations(rule);
        }
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass outer = c;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    /** The package under com.auroracdc a class is in (its slice), or null outside. */
    private static String slice(JavaClass c) {
        String name = c.getPackageName();
        return name.startsWith(ROOT + ".") ? name : null;
    }

    /** A dependency from one slice to another, and the whole slice graph it belongs to. */
    record PackageDependency(String from, String to, Map<String, Set<String>> graph) {
        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    private static AbstractClassesTransformer<PackageDependency> packageDependencies() {
        return new AbstractClassesTransformer<>("package dependencies") {
            @Override
            public Iterable<PackageDependency> doTransform(JavaClasses classes) {
                Map<String, Set<String>> graph = new TreeMap<>();
                for (JavaClass c : classes) {
                    String from = slice(c);
                    if (from == null) {
                        continue;
                    }
                    graph.computeIfAbsent(from, k -> new TreeSet<>());
                    for (Dependency d : c.getDirectDependenciesFromSelf()) {
                        String to = slice(d.getTargetClass());
                        if (to != null && !to.equals(from)) {
                            graph.get(from).add(to);
                        }
                    }
                }
                return graph.entrySet().stream()
                        .flatMap(e -> e.getValue().stream().map(to -> new PackageDependency(e.getKey(), to, graph)))
                        .toList();
            }
        };
    }

    private static ArchCondition<PackageDependency> notLieOnACycle() {
        return new ArchCondition<>("not lie on a cycle") {
            @Override
            public void check(PackageDependency dependency, ConditionEvents events) {
                boolean cyclic = reaches(dependency.graph(), dependency.to(), dependency.from());
                events.add(new SimpleConditionEvent(dependency, !cyclic, "Package dependency " + dependency
                        + (cyclic ? " lies on a cycle: " + dependency.to() + " depends back on " + dependency.from()
                                : " lies on no cycle")));
            }
        };
    }

    private static boolean reaches(Map<String, Set<String>> graph, String start, String target) {
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next)) {
                todo.addAll(graph.getOrDefault(next, Set.of()));
            }
        }
        return false;
    }
}
