package dev.kintsugi.repair;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StudyCatalogueTest {
    @Test
    void listsTheSixteenAbbreviationsOfTheStudyInItsOrder() {
        assertThat(StudyCatalogue.entries()).extracting(StudyCatalogue.Entry::abbreviation).containsExactly("AP", "ET",
                "FM", "DR", "HUDD", "HR", "3M", "RA", "AR", "CARE", "NR", "IR", "DTR", "GM", "VERE", "IN");
    }

    @Test
    void builtMeansARegisteredClassOfTheSameLevelStandsBehindTheRow() {
        List<String> registered = RepairRegistry.names();
        for (StudyCatalogue.Entry e : StudyCatalogue.entries()) {
            if (e.status() == StudyCatalogue.Status.BUILT) {
                assertThat(registered).contains(e.registryName());
                assertThat(RepairRegistry.get(e.registryName()).level()).as(e.abbreviation()).isEqualTo(e.level());
            } else {
                assertThat(registered).as(e.abbreviation()).doesNotContain(e.registryName());
            }
        }
        assertThat(StudyCatalogue.forApproach("arachne")).get().extracting(StudyCatalogue.Entry::status)
                .isEqualTo(StudyCatalogue.Status.BUILT);
        assertThat(StudyCatalogue.forApproach("finetune")).isEmpty();
    }

    @Test
    void dtrIsNotIdentifiedAndHasNoApproach() {
        StudyCatalogue.Entry dtr = StudyCatalogue.entries().stream().filter(e -> e.abbreviation().equals("DTR"))
                .findFirst().orElseThrow();
        assertThat(dtr.status()).isEqualTo(StudyCatalogue.Status.NOT_IDENTIFIED);
        assertThat(dtr.registryName()).isNull();
        assertThat(dtr.status().label()).isEqualTo("not identified");
    }
}
