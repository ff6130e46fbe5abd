package dev.kintsugi.cli;

import dev.kintsugi.model.ModelZoo;
import dev.kintsugi.model.zoo.Architecture;
import picocli.CommandLine.Command;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true, description = "List the model zoo's architectures and their options with defaults.",
        footer = {"", "Example:", "  kintsugi models"})
final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Architecture a : ModelZoo.architectures()) {
            System.out.printf("%-13s %s%n", a.name(), a.description());
            StringBuilder opts = new StringBuilder();
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(a.defaults()).entrySet()) {
                opts.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
            System.out.println("              options:" + opts);
        }
        return 0;
    }
}
