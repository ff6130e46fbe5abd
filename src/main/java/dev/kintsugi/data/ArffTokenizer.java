package dev.kintsugi.data;

import dev.kintsugi.KintsugiException;

import java.util.ArrayList;
import java.util.List;

/** Splits ARFF text into comma-separated values, honouring '...' and "..." quotes and backslash escapes. */
final class ArffTokenizer {
    /** One value; {@code quoted} tells a literal '?' apart from the missing-value marker. */
    record Token(String text, boolean quoted) {
    }

    private ArffTokenizer() {
    }

    static List<Token> split(String text, String where) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            Token token;
            if (i < n && (text.charAt(i) == '\'' || text.charAt(i) == '"')) {
                int[] end = new int[1];
                token = new Token(unquote(text, i, end, where), true);
                i = end[0];
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i < n && text.charAt(i) != ',') {
                    throw new KintsugiException(where + ": unexpected text after a quoted value: " + text.substring(i));
                }
            } else {
                int comma = text.indexOf(',', i);
                int stop = comma < 0 ? n : comma;
                token = new Token(text.substring(i, stop).trim(), false);
                i = stop;
            }
            tokens.add(token);
            if (i >= n) {
                return tokens;
            }
            i++; // the comma
        }
    }

    /**
     * Reads the quoted string starting at {@code start} (which holds the quote character) and stores
     * the index just past the closing quote in {@code end[0]}.
     */
    static String unquote(String text, int start, int[] end, String where) {
        char quote = text.charAt(start);
        StringBuilder sb = new StringBuilder();
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                sb.append(text.charAt(++i));
            } else if (c == quote) {
                end[0] = i + 1;
                return sb.toString();
            } else {
                sb.append(c);
            }
        }
        throw new KintsugiException(where + ": unterminated quote " + quote);
    }
}
