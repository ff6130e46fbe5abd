package dev.kintsugi.cli;

import dev.kintsugi.repair.StudyCatalogue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepairListTest {
    @Test
    void everyStudyAbbreviationAppearsWithItsPaperAndStatus() {
        String list = RepairCommand.listing().render();
        for (StudyCatalogue.Entry e : StudyCatalogue.entries()) {
            String row = list.lines().filter(l -> l.startsWith(e.abbreviation() + " ")).findFirst().orElse("");
            assertThat(row).as(e.abbreviation()).isNotEmpty();
            if (e.status() != StudyCatalogue.Status.BUILT) {
                assertThat(row).contains(e.paper()).contains(e.status().label());
            } else {
                assertThat(row).contains(e.registryName()).contains("built: ");
            }
        }
        assertThat(list).contains("not identified").contains("built: ");
        long notBuilt = StudyCatalogue.entries().stream()
                .filter(e -> e.status() == StudyCatalogue.Status.NOT_BUILT).count();
        assertThat(list.lines().filter(l -> l.contains("not built")).count()).isEqualTo(notBuilt);
    }

    @Test
    void eachApproachSaysWhetherItRunsOnTorchScript() {
        String list = RepairCommand.listing().render();
        for (String a : new String[] {"finetune", "pct", "fsgmix"}) {
            assertThat(row(list, a)).contains("TorchScript: yes");
        }
        for (String a : new String[] {"arachne", "care", "genmunn", "random", "3m"}) {
            assertThat(row(list, a)).contains("TorchScript: with --head-layer");
        }
        for (String a : new String[] {"apricot", "hudd"}) {
            assertThat(row(list, a)).contains("TorchScript: no");
        }
    }

    private static String row(String list, String approach) {
        return list.lines().filter(l -> l.contains(" " + approach + " ")).findFirst().orElse("");
    }
}
