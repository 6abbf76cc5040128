package no.kommune.esb.hendelser;

import java.util.List;
import java.util.stream.Collectors;

/** The fagsystem registrations or their mappings are invalid; the message lists every problem, one per line. */
public class UgyldigKonfigurasjonException extends RuntimeException {

    private final List<Problem> problems;

    public UgyldigKonfigurasjonException(List<Problem> problems) {
        super(problems.size() + " problem(s) in the fagsystem configuration:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
