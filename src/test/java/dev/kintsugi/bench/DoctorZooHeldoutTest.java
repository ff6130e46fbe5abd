package dev.kintsugi.bench;

import dev.kintsugi.diagnose.training.Detector;
import dev.kintsugi.diagnose.training.Detectors;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The held-out zoo's shape (issue 16 §4); nothing is trained. */
class DoctorZooHeldoutTest {
    @Test
    void heldOutZooIsLargeEnoughNewAndCoversEveryCheck() {
        List<DoctorZoo.Entry> held = DoctorZoo.zoo("heldout");
        List<DoctorZoo.Entry> dev = DoctorZoo.zoo("dev");
        assertThat(held).hasSizeGreaterThanOrEqualTo(40);
        assertThat(held.stream().filter(e -> e.accepted().isEmpty())).hasSizeGreaterThanOrEqualTo(12);
        assertThat(held.stream().map(DoctorZoo.Entry::name).distinct()).hasSize(held.size());
        assertThat(held.stream().map(e -> e.config().seed())).allMatch(s -> s >= 11);
        Set<String> devKeys = dev.stream().map(e -> e.data() + e.arch() + e.options() + e.config())
                .collect(Collectors.toSet());
        assertThat(held).noneMatch(e -> devKeys.contains(e.data() + e.arch() + e.options() + e.config()));
        Set<String> accepted = new HashSet<>();
        held.forEach(e -> accepted.addAll(e.accepted()));
        assertThat(accepted).containsAll(Detectors.all().stream().map(Detector::check).toList());
        assertThat(held.stream().map(DoctorZoo.Entry::data).map(d -> d.substring(0, 2)).distinct())
                .containsExactlyInAnyOrder("fm", "gc");
    }
}
