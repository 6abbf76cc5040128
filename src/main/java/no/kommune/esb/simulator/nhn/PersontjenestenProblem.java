package no.kommune.esb.simulator.nhn;

/** An error Persontjenesten answers as ProblemDetails ({@code type, title, status, detail}). */
class PersontjenestenProblem extends RuntimeException {

    private final int status;
    private final String detail;

    PersontjenestenProblem(int status, String title, String detail) {
        super(title);
        this.status = status;
        this.detail = detail;
    }

    int status() {
        return status;
    }

    String detail() {
        return detail;
    }
}
