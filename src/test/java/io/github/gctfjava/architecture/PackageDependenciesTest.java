package io.github.gctfjava.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of docs/architecture.md, checked on the product's compiled classes (tests may
 * reach across packages): no cycle, and the lower layers never import the ones built on them.
 */
class PackageDependenciesTest {
  private static final String ROOT = "io.github.gctfjava";
  private static JavaClasses product;

  @BeforeAll
  static void importProduct() {
    product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);
  }

  @Test
  void packagesFormNoCycle() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(product);
  }

  @Test
  void layersDoNotImportTheEngineOrTheData() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".layers..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".training..", ROOT + ".data..", ROOT + ".optimizers..")
        .check(product);
  }

  @Test
  void dataDoesNotImportTheEngine() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".data..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".training..", ROOT + ".optimizers..", ROOT + ".export..")
        .check(product);
  }

  @Test
  void optimizersStandAlone() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".optimizers..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".layers..", ROOT + ".data..", ROOT + ".training..", ROOT + ".export..")
        .check(product);
  }

  @Test
  void onlyTheCommandLineImportsTheCommandLine() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".cli..")
        .check(product);
  }
}
