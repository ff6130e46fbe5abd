package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads a UTF-8 text file, transparently gunzipping it when it starts with the gzip magic bytes. */
final class TextFiles {
    private TextFiles() {
    }

    static List<String> readLines(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = gzip ? new GZIPInputStream(raw) : raw;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in,
                    StandardCharsets.UTF_8.newDecoder()));
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return lines;
        } catch (NoSuchFileException e) {
            throw new KintsugiException(file + ": file not found", e);
        } catch (ZipException | java.io.EOFException e) {
            throw new KintsugiException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        } catch (CharacterCodingException e) {
            throw new KintsugiException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new KintsugiException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
