package no.kommune.esb.paalitelighet;

/**
 * One hostile-input case of R5 (docs/reliability.md): where it goes in, what it is, the answer it must get, and how to
 * send it. {@code id} is stable from run to run (intake + number), so a report names the same case each time.
 */
public record Tilfelle(String id, Inntak inntak, String beskrivelse, Forventet forventet, Handling handling) {

    /** Where the input enters the platform. */
    public enum Inntak {
        /** Tokens on the API: missing, expired, from another issuer, forged, another client's. */
        TOKEN,
        /** The REST hand-in's metadata and body (multipart, content types, limits). */
        REST,
        /** Hostile documents handed in (over REST, JMS and SFTP). */
        PDF,
        /** Document and file names: path traversal, NUL, Unicode look-alikes, header injection. */
        FILNAVN,
        /** The JMS hand-in queue. */
        JMS,
        /** The SFTP drop folder's manifests. */
        SFTP,
        /** The look-up API's path, query and body. */
        OPPSLAG,
        /** The integration team's endpoints and the letter read API. */
        ADMIN,
        /** The platform's XML parser (SOAP answers from Matrikkelen and NHN). */
        XML
    }

    /** The answer a case must get. */
    public enum Klasse {
        /** A 4xx problem document (application/problem+json, type urn:kommune-esb:problem:…). */
        PROBLEM,
        /** A problem document with status 4xx on the fagsystem's JMS answer queue. */
        JMS_AVVISNING,
        /** A reason file in .avvist/ and a problem document as the SFTP answer. */
        SFTP_AVVISNING,
        /** The XML parser refuses the document without quoting it. */
        XML_AVVIST,
        /** A bare 4xx without a body: Tomcat's HTTP parser refuses the request before any valve (nothing to leak). */
        TOM_4XX,
        /** Accepted (2xx) and stored exactly as sent: a string that is harmless data, however it looks. */
        TATT_IMOT_UENDRET
    }

    /** The expected class and, for HTTP and channel problems, the exact status (0 = any 4xx). */
    public record Forventet(Klasse klasse, int status) {

        public static Forventet problem(int status) {
            return new Forventet(Klasse.PROBLEM, status);
        }

        public static Forventet jms() {
            return new Forventet(Klasse.JMS_AVVISNING, 0);
        }

        public static Forventet sftp() {
            return new Forventet(Klasse.SFTP_AVVISNING, 0);
        }

        public static Forventet xml() {
            return new Forventet(Klasse.XML_AVVIST, 0);
        }

        public static Forventet tom4xx() {
            return new Forventet(Klasse.TOM_4XX, 0);
        }

        public static Forventet uendret() {
            return new Forventet(Klasse.TATT_IMOT_UENDRET, 0);
        }

        @Override
        public String toString() {
            return switch (klasse) {
                case PROBLEM -> (status == 0 ? "4xx" : String.valueOf(status)) + " problem+json";
                case JMS_AVVISNING -> "JMS answer: 4xx problem";
                case SFTP_AVVISNING -> "SFTP: .avvist/ reason file + 4xx problem answer";
                case XML_AVVIST -> "parser refuses, content not quoted";
                case TOM_4XX -> "bare 4xx from Tomcat's parser, no body";
                case TATT_IMOT_UENDRET -> "2xx, stored unchanged";
            };
        }
    }

    /**
     * What came back: the HTTP status or the status in a channel's problem document (-1 = no answer), the content type,
     * the answer's text, and anything the case itself found wrong (null = nothing).
     */
    public record Utfall(int status, String innholdstype, String svar, String feil) {

        public static Utfall svar(int status, String innholdstype, String svar) {
            return new Utfall(status, innholdstype, svar, null);
        }
    }

    /** Sends the case through the platform's real intake. */
    @FunctionalInterface
    public interface Handling {
        Utfall utfoer(Inntaksmiljoe miljoe) throws Exception;
    }
}
