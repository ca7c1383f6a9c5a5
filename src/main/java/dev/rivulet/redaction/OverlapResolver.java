package dev.rivulet.redaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks a non-overlapping set of findings deterministically: higher priority first,
 * then the longer span, then the earlier start, then the kind name. Existing
 * {@code [REDACTED:…]} markers take part as unbeatable spans, so nothing that touches
 * a marker is re-redacted or mangled; that is what makes redaction idempotent.
 */
final class OverlapResolver {

    /** A finding with the rank of the rule that produced it; a null finding stands for an existing marker. */
    record Candidate(Finding finding, int priority, int start, int end) {

        static Candidate of(Finding finding, int priority) {
            return new Candidate(finding, priority, finding.start(), finding.end());
        }

        static Candidate marker(int start, int end) {
            return new Candidate(null, Integer.MAX_VALUE, start, end);
        }

        int length() {
            return end - start;
        }
    }

    private static final Comparator<Candidate> WINNER_FIRST = Comparator
            .comparingInt(Candidate::priority).reversed()
            .thenComparing(Comparator.comparingInt(Candidate::length).reversed())
            .thenComparingInt(Candidate::start)
            .thenComparing(candidate -> candidate.finding() == null ? "" : candidate.finding().kind());

    private OverlapResolver() {
    }

    /** @return the winning findings, ordered by position */
    static List<Finding> resolve(List<Candidate> candidates) {
        List<Candidate> ranked = new ArrayList<>(candidates);
        ranked.sort(WINNER_FIRST);
        TreeMap<Integer, Candidate> acceptedByStart = new TreeMap<>();
        for (Candidate candidate : ranked) {
            if (!overlapsAccepted(acceptedByStart, candidate)) {
                acceptedByStart.put(candidate.start(), candidate);
            }
        }
        List<Finding> findings = new ArrayList<>(acceptedByStart.size());
        for (Candidate accepted : acceptedByStart.values()) {
            if (accepted.finding() != null) {
                findings.add(accepted.finding());
            }
        }
        return findings;
    }

    /** Accepted spans are disjoint, so only the last one starting before our end can overlap us. */
    private static boolean overlapsAccepted(TreeMap<Integer, Candidate> acceptedByStart, Candidate candidate) {
        Map.Entry<Integer, Candidate> before = acceptedByStart.floorEntry(candidate.end() - 1);
        return before != null && before.getValue().end() > candidate.start();
    }
}
