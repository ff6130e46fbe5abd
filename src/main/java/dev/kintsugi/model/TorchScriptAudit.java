package dev.kintsugi.model;

import dev.kintsugi.KintsugiException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a TorchScript archive's code before PyTorch ever loads it, and refuses it unless every operator
 * it can call is on the allow-list ({@code torchscript-operators.txt}, written by
 * tools/torchscript_allowlist.py: PyTorch's tensor operators without file, process, network, terminal
 * or global-state ones).
 *
 * <p>Why the code text: {@code torch.jit.save} stores every method of every submodule (including
 * {@code __setstate__}, which runs while loading) as Python-like source under {@code code/}, and that
 * source is what libtorch compiles. Builtin operators appear in it as {@code torch.NAME} (aten),
 * {@code ops.NS.NAME}, or a handful of Python builtins; calls into the archive's own classes appear as
 * {@code __torch__.…} or {@code (obj).method(…)}. Anything else that is called is refused, so an operator
 * this audit does not know is a refusal, never a pass.
 */
public final class TorchScriptAudit {
    /** Code text read from one archive at most (libtorch compiles all of it, so it is small). */
    static final long MAX_CODE_BYTES = 64L << 20;
    static final int MAX_ENTRIES = 100_000;

    private static final Set<String> OPERATORS = loadOperators();

    /** Python builtins the TorchScript printer emits as bare calls; none reaches outside the tensors. */
    private static final Set<String> BUILTINS = Set.of("annotate", "uninitialized", "unchecked_cast", "isinstance",
            "int", "float", "bool", "str", "complex", "range", "enumerate", "zip", "len", "min", "max", "abs",
            "round", "divmod", "ord", "chr", "getattr", "hasattr", "list", "tuple", "dict", "sum", "all", "any",
            "hash", "hex", "oct", "bin", "sorted", "reversed", "NamedTuple");
    private static final Set<String> KEYWORDS = Set.of("if", "elif", "else", "while", "for", "in", "not", "and",
            "or", "is", "return", "def", "class", "pass", "None", "True", "False", "assert", "raise", "with",
            "lambda", "break", "continue", "global", "del");
    private static final Pattern CHAIN = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*(?:\\s*\\.\\s*[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern DEF = Pattern.compile("\\bdef\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern FUNCTION_VALUE = Pattern.compile(
            "(?m)^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*__torch__\\.");

    private TorchScriptAudit() {
    }

    /** Throws a one-line {@link KintsugiException} naming the first operator that is not allowed. */
    public static void check(Path file) {
        List<Source> sources = read(file);
        Set<String> methods = new HashSet<>();
        for (Source s : sources) {
            Matcher m = DEF.matcher(s.text);
            while (m.find()) {
                methods.add(m.group(1));
            }
        }
        for (Source s : sources) {
            String finding = firstForbidden(s.text, methods);
            if (finding != null) {
                throw new KintsugiException("refusing " + file + ": its TorchScript code (" + s.name + ") " + finding
                        + "; a model may only compute on tensors, never read or write files, run processes or "
                        + "use the network");
            }
        }
    }

    /** What the code calls that is not allowed, as a phrase, or null when everything is allowed. */
    static String firstForbidden(String rawCode, Set<String> methods) {
        String code = withoutStringsAndComments(rawCode);
        Set<String> functionValues = new HashSet<>();
        Matcher fv = FUNCTION_VALUE.matcher(code);
        while (fv.find()) {
            functionValues.add(fv.group(1));
        }
        Matcher m = CHAIN.matcher(code);
        while (m.find()) {
            int start = m.start();
            if (start > 0 && isIdentifierPart(code.charAt(start - 1))) {
                continue;
            }
            String chain = m.group().replaceAll("\\s+", "");
            String[] parts = chain.split("\\.");
            boolean called = nextNonSpace(code, m.end()) == '(';
            char before = previousNonSpace(code, start);
            String verdict;
            if (parts[0].equals("torch") || parts[0].equals("ops")) {
                verdict = operatorVerdict(parts);
            } else if (parts[0].equals("__torch__")) {
                verdict = chain.startsWith("__torch__.torch.classes")
                        ? "uses the custom C++ class " + chain : null;
            } else if (!called) {
                verdict = null;
            } else if (before == '.') {
                // (expr).method(...): only methods the archive itself defines
                String method = parts[parts.length - 1];
                verdict = methods.contains(method) ? null : "calls the method ." + method + "()";
            } else if (parts.length == 1) {
                String name = parts[0];
                boolean definition = precededBy(code, start, "def") || precededBy(code, start, "class");
                verdict = definition || KEYWORDS.contains(name) || BUILTINS.contains(name)
                        || functionValues.contains(name) ? null : "calls " + name + "()";
            } else {
                String method = parts[parts.length - 1];
                verdict = methods.contains(method) ? null : "calls " + chain + "()";
            }
            if (verdict != null) {
                return verdict;
            }
        }
        return null;
    }

    private static String operatorVerdict(String[] parts) {
        String namespace;
        String op;
        if (parts[0].equals("torch") && parts.length == 2) {
            namespace = "aten";
            op = parts[1];
        } else if (parts[0].equals("torch") && parts.length >= 2 && parts[1].equals("classes")) {
            return "uses the custom C++ class " + String.join(".", parts);
        } else if (parts[0].equals("ops") && parts.length == 3) {
            namespace = parts[1];
            op = parts[2];
        } else if (parts[0].equals("torch") && parts.length == 4 && parts[1].equals("ops")) {
            namespace = parts[2];
            op = parts[3];
        } else {
            return "uses " + String.join(".", parts) + ", which is not a known operator";
        }
        String qualified = namespace + "::" + op;
        return OPERATORS.contains(qualified) ? null
                : "calls " + String.join(".", parts) + " (" + qualified + "), an operator outside Kintsugi's allow-list";
    }

    private static boolean precededBy(String code, int start, String word) {
        int i = start - 1;
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
            i--;
        }
        int end = i + 1;
        while (i >= 0 && isIdentifierPart(code.charAt(i))) {
            i--;
        }
        return code.substring(i + 1, end).equals(word);
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static char nextNonSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static char previousNonSpace(String s, int i) {
        i--;
        while (i >= 0 && Character.isWhitespace(s.charAt(i))) {
            i--;
        }
        return i >= 0 ? s.charAt(i) : 0;
    }

    /** String literals become {@code ""} and comments disappear, so only code is searched. */
    static String withoutStringsAndComments(String code) {
        StringBuilder out = new StringBuilder(code.length());
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '#') {
                while (i < code.length() && code.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                boolean triple = code.startsWith(String.valueOf(c).repeat(3), i);
                String close = triple ? String.valueOf(c).repeat(3) : String.valueOf(c);
                i += close.length();
                while (i < code.length() && !code.startsWith(close, i)) {
                    i += code.charAt(i) == '\\' ? 2 : 1;
                }
                i += close.length();
                out.append("\"\"");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private record Source(String name, String text) {
    }

    private static List<Source> read(Path file) {
        List<Source> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long total = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!names.add(e.getName())) {
                    throw new KintsugiException("refusing " + file + ": its archive holds " + e.getName() + " twice");
                }
                if (names.size() > MAX_ENTRIES) {
                    throw new KintsugiException("refusing " + file + ": its archive has more than " + MAX_ENTRIES
                            + " entries");
                }
                if (!isCode(e.getName())) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_CODE_BYTES - total + 1));
                }
                total += bytes.length;
                if (total > MAX_CODE_BYTES) {
                    throw new KintsugiException("refusing " + file + ": its TorchScript code is larger than "
                            + (MAX_CODE_BYTES >> 20) + " MiB");
                }
                sources.add(new Source(e.getName(), new String(bytes, StandardCharsets.UTF_8)));
            }
        } catch (ZipException e) {
            throw new KintsugiException(file + " is not a TorchScript model: it is not a zip archive as written by "
                    + "torch.jit.save (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new KintsugiException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (sources.isEmpty()) {
            throw new KintsugiException(file + " is not a TorchScript model: it holds no code/ (a torch.save pickle "
                    + "or a state dict?); save the model with torch.jit.script(model).save(path)");
        }
        return sources;
    }

    private static boolean isCode(String entry) {
        return entry.endsWith(".py") && (entry.startsWith("code/") || entry.contains("/code/"));
    }

    private static Set<String> loadOperators() {
        try (InputStream in = TorchScriptAudit.class.getResourceAsStream("torchscript-operators.txt")) {
            if (in == null) {
                throw new IllegalStateException("torchscript-operators.txt is missing from the jar");
            }
            Set<String> ops = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    ops.add(line.trim());
                }
            }
            return Set.copyOf(ops);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
