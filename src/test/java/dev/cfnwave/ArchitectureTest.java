package dev.cfnwave;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The allowed import directions of docs/architecture.md, checked over the compiled main classes:
 * each package may use only the packages its row names (and anything outside cfn-wave), and no
 * packages import each other in a cycle.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.cfnwave";

  /** Package (below dev.cfnwave; "" is the root) to the packages it may import. */
  static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

  static {
    allow("");
    allow("event", "");
    allow("plan", "");
    allow("backend", "", "event");
    allow("engine", "", "event", "backend");
    allow("backend.docker", "", "event", "backend", "engine");
    allow("backend.swarm", "", "event", "backend", "engine");
    allow("backend.open", "", "backend", "backend.docker", "backend.swarm", "engine");
    allow("report", "", "plan");
    allow("render", "", "plan", "report");
    allow("attempt", "", "event", "plan", "backend", "report");
    allow("image", "", "event", "plan", "backend", "report");
    allow("spawn", "", "event", "plan", "backend", "report", "attempt", "image");
    allow("monitor", "", "event", "plan", "backend", "report", "attempt");
    allow("cleanup", "", "event", "plan", "backend", "report", "attempt");
    allow("run.journal", "", "plan", "backend", "report", "render");
    allow("run.admission", "", "event", "plan", "backend", "report", "run.journal");
    allow(
        "run",
        "",
        "event",
        "plan",
        "backend",
        "report",
        "attempt",
        "image",
        "run.admission",
        "run.journal");
    allow("sizing", "", "plan", "report", "run.admission", "run.journal");
    allow("doctor", "", "plan", "backend");
    allow(
        "preview",
        "",
        "event",
        "plan",
        "backend",
        "report",
        "image",
        "run",
        "run.admission",
        "doctor",
        "run.journal");
    allow(
        "watch",
        "",
        "event",
        "plan",
        "backend",
        "report",
        "render",
        "run.admission",
        "run.journal");
    allow(
        "cli",
        "",
        "event",
        "plan",
        "backend",
        "backend.open",
        "report",
        "render",
        "attempt",
        "image",
        "spawn",
        "monitor",
        "cleanup",
        "run",
        "run.admission",
        "run.journal",
        "sizing",
        "preview",
        "doctor",
        "watch");
  }

  private static void allow(String pkg, String... uses) {
    ALLOWED.put(pkg, List.of(uses));
  }

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  private static String qualified(String pkg) {
    return pkg.isEmpty() ? ROOT : ROOT + "." + pkg;
  }

  @Test
  void everyPackageHasARowInTheTable() {
    Set<String> packages =
        MAIN.stream().map(JavaClass::getPackageName).collect(Collectors.toCollection(TreeSet::new));
    Set<String> rows =
        ALLOWED.keySet().stream().map(ArchitectureTest::qualified).collect(Collectors.toSet());
    assertThat(rows).containsAll(packages);
  }

  @Test
  void packagesImportOnlyInTheAllowedDirections() {
    for (var row : ALLOWED.entrySet()) {
      List<String> allowed = new ArrayList<>();
      allowed.add(qualified(row.getKey()));
      row.getValue().forEach(p -> allowed.add(qualified(p)));
      classes()
          .that()
          .resideInAPackage(qualified(row.getKey()))
          .should()
          .onlyDependOnClassesThat(
              resideOutsideOfPackage(ROOT + "..")
                  .or(resideInAnyPackage(allowed.toArray(String[]::new))))
          .because("docs/architecture.md allows " + row.getKey() + " -> " + row.getValue())
          .allowEmptyShould(true)
          .check(MAIN);
    }
  }

  @Test
  void noPackageCycles() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void dockerJavaStaysBelowTheBackends() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            qualified("engine"), qualified("backend.docker"), qualified("backend.swarm"))
        .and()
        // --cap-add names are checked against docker-java's list of Linux capabilities
        .doNotHaveFullyQualifiedName(ROOT + ".cli.SpawnOptions")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.github.dockerjava..")
        .check(MAIN);
  }
}
