package dev.kintsugi.report;

/**
 * One piece of a report section. Every stage can contribute its own kind of block without the report
 * knowing about it; implementations must escape their text (see {@link Html#escape}) and must not
 * reference anything outside the document.
 */
@FunctionalInterface
public interface Block {
    /** A well-formed HTML fragment. */
    String toHtml();
}
