package dev.kintsugi.model;

import ai.djl.ndarray.NDManager;
import dev.kintsugi.KintsugiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hostile fixtures are made by tools/make_hostile_torchscript.py (python3-torch). */
class TorchScriptAuditTest {
    static final Path HOSTILE = Path.of("src/test/resources/fixtures/torchscript/hostile");

    @Test
    void aModelThatReadsAFileInASubmoduleMethodIsRefusedBeforeLoading() {
        assertThatThrownBy(() -> TorchScriptAudit.check(HOSTILE.resolve("read.pt")))
                .isInstanceOf(KintsugiException.class)
                .hasMessageContaining("torch.from_file (aten::from_file)")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> OpenedClassifier.open(HOSTILE.resolve("read.pt"), null))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("aten::from_file");
    }

    @Test
    void aModelThatWritesAFileIsRefusedAndWritesNothing() {
        assertThatThrownBy(() -> OpenedClassifier.open(HOSTILE.resolve("write.pt"), null))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("torch.save (aten::save)");
        assertThat(Path.of("kintsugi-was-here.pt")).doesNotExist();
    }

    @Test
    void aTorchSavePickleIsNotTorchScript() {
        assertThatThrownBy(() -> OpenedClassifier.open(HOSTILE.resolve("pickle.pt"), null))
                .isInstanceOf(KintsugiException.class).hasMessageContaining("holds no code/");
    }

    @Test
    void ordinaryModulesPassIncludingLoopsAndAllocations() {
        for (String name : new String[] {"plain", "loop", "alloc", "grow", "nan"}) {
            assertThatCode(() -> TorchScriptAudit.check(HOSTILE.resolve(name + ".pt"))).as(name)
                    .doesNotThrowAnyException();
        }
        assertThatCode(() -> TorchScriptAudit.check(TorchScriptClassifierTest.MODEL)).doesNotThrowAnyException();
    }

    @Test
    void callsOutsideTheTensorsAreRefusedWhateverTheirSpelling() {
        Set<String> methods = Set.of("forward", "helper");
        assertThat(TorchScriptAudit.firstForbidden("  _0 = torch.add(x, 1)\n  return (m).forward(_0, )\n", methods))
                .isNull();
        assertThat(TorchScriptAudit.firstForbidden("  s = \"torch.save(x, 'f')\"  # torch.load\n  return x\n", methods))
                .isNull();
        assertThat(TorchScriptAudit.firstForbidden("  print(x)\n", methods)).contains("print()");
        assertThat(TorchScriptAudit.firstForbidden("  _0 = ops.prim.Print(x)\n", methods)).contains("prim::Print");
        assertThat(TorchScriptAudit.firstForbidden("  _0 = ops.myns.run(x)\n", methods)).contains("myns::run");
        assertThat(TorchScriptAudit.firstForbidden("  _0 = torch . save (x, \"p\")\n", methods)).contains("aten::save");
        assertThat(TorchScriptAudit.firstForbidden("  _0 = torch.ops.aten.from_file(\"p\")\n", methods))
                .contains("aten::from_file");
        assertThat(TorchScriptAudit.firstForbidden("  f = torch.load\n", methods)).contains("aten::load");
        assertThat(TorchScriptAudit.firstForbidden("  t : __torch__.torch.classes.io.File\n", methods))
                .contains("custom C++ class");
        assertThat(TorchScriptAudit.firstForbidden("  return (x).evil()\n", methods)).contains(".evil()");
        assertThat(TorchScriptAudit.firstForbidden("  return fork(x)\n", methods)).contains("fork()");
        assertThat(TorchScriptAudit.firstForbidden("  _1 = _0(x)\n", methods)).contains("_0()");
        assertThat(TorchScriptAudit.firstForbidden("  _0 = __torch__.f\n  _1 = _0(x)\n", methods)).isNull();
    }

    @Test
    void aSetstateThatRunsAtLoadTimeIsCheckedToo(@TempDir Path dir) throws IOException {
        Path pt = dir.resolve("m.pt");
        String code = "class M(Module):\n  def __setstate__(self: __torch__.M, state: Tuple[bool]) -> NoneType:\n"
                + "    _0 = torch.from_file(\"/etc/shadow\", False, 1)\n    return None\n";
        zip(pt, "m/code/__torch__.py", code, "m/code/__torch__.py", code);
        assertThatThrownBy(() -> TorchScriptAudit.check(pt)).hasMessageContaining("twice");
        zip(pt, "m/code/__torch__.py", code);
        assertThatThrownBy(() -> TorchScriptAudit.check(pt)).hasMessageContaining("aten::from_file");
        Files.writeString(pt, "not a zip");
        assertThatThrownBy(() -> TorchScriptAudit.check(pt)).hasMessageContaining("not a zip archive");
    }

    @Test
    void nanLogitsAndImpossibleAllocationsAreOneLineErrors() {
        for (String[] c : new String[][] {{"nan", "NaN or infinite logits"}, {"alloc", "failed in its forward pass"}}) {
            try (OpenedClassifier opened = OpenedClassifier.open(HOSTILE.resolve(c[0] + ".pt"), null);
                 NDManager m = opened.classifier().manager().newSubManager()) {
                Classifier model = opened.classifier();
                assertThatThrownBy(() -> model.forward(m.ones(model.batchShape(2)), false)).as(c[0])
                        .isInstanceOf(KintsugiException.class).hasMessageContaining(c[1]);
            }
        }
    }

    private static void zip(Path file, String... namesAndTexts) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                ZipEntry e = new ZipEntry(namesAndTexts[i]);
                try {
                    z.putNextEntry(e);
                } catch (java.util.zip.ZipException duplicate) {
                    // ZipOutputStream refuses duplicates; write the second copy under a same-length name and patch it
                    z.putNextEntry(new ZipEntry(namesAndTexts[i].replace("code", "codf")));
                }
                z.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        String s = new String(bytes, StandardCharsets.ISO_8859_1).replace("codf", "code");
        Files.write(file, s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
