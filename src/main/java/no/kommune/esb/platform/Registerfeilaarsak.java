package no.kommune.esb.platform;

import no.kommune.esb.register.RegisterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A failed call to a register or a gateway (KRR, Folkeregisteret, Maskinporten, the SMS gateway, the SMTP server, …) as
 * the reason stored and shown to the case officer and the integration team: what happened, in words, with the status the
 * service answered as a reference ("KRR er utilgjengelig (HTTP 503)"), and a stable code for machines
 * ({@code <SERVICE>-<ART>}, e.g. {@code KRR-UTILGJENGELIG}, {@code SMS-AVVIST}). Never the exception's message: a
 * register's free text may quote a person, and a kind's Java name says nothing to a case officer. Only the service's
 * own error code is kept when its client checked its shape ({@link RegisterException#feilkode()}).
 * Pure: {@link #vent} words a letter's wait on a register, {@link #varsel} a failed SMS/e-mail, {@link #alarm} a flow's
 * long wait.
 */
public final class Registerfeilaarsak {

    /** The code of a failure that is not a register's (a bug, the database). */
    public static final String INTERN_FEIL = "INTERN-FEIL";

    private Registerfeilaarsak() {
    }

    /** The stable code of {@code e}: its service in capitals and the kind of failure, e.g. KRR-UTILGJENGELIG. */
    public static String kode(RegisterException e) {
        String art = switch (e.kind()) {
            case UNAVAILABLE -> "UTILGJENGELIG";
            case THROTTLED -> "FOR-MANGE-KALL";
            case AMBIGUOUS -> "SVAR-TAPT";
            case UNAUTHORIZED -> "TILGANG-AVVIST";
            case NOT_FOUND -> "IKKE-FUNNET";
            case REJECTED -> "AVVIST";
            case BAD_RESPONSE -> "ULESELIG-SVAR";
        };
        return e.service().toUpperCase(Locale.ROOT) + "-" + art;
    }

    /** The service in words, as an operator knows it. */
    public static String navn(String service) {
        return switch (service) {
            case "krr" -> "KRR";
            case "folkeregisteret" -> "Folkeregisteret";
            case "maskinporten" -> "Maskinporten";
            case "helseid" -> "HelseID";
            case "matrikkel", "matrikkelen" -> "Matrikkelen";
            case "geonorge" -> "Geonorges adressesøk";
            case "fastlegeregisteret", "nhn-flr" -> "Fastlegeregisteret";
            case "nhn-ar" -> "NHN Adresseregisteret";
            case "nhn-persontjenesten" -> "NHN Persontjenesten";
            case "svarut" -> "SvarUt";
            case "sms" -> "SMS-tjenesten";
            case "smtp" -> "e-posttjeneren";
            default -> service;
        };
    }

    /**
     * What happened, with the service's status (and its error code) as the reference: "KRR er utilgjengelig (HTTP 503)".
     * The one wording of a register's failure: {@link Feilaarsak} words a register failure by it, SvarUt's
     * ({@code svarut.SvarUtFeilaarsak}) by {@link #ord} and {@link #referanse} with SvarUt's errorId added.
     */
    public static String hva(RegisterException e) {
        return ord(e) + referanse(e, e.feilkode(), List.of());
    }

    /** What happened, in words, without the reference: "KRR er utilgjengelig". */
    public static String ord(RegisterException e) {
        String navn = navn(e.service());
        boolean smtp = "smtp".equals(e.service());
        return switch (e.kind()) {
            case UNAVAILABLE -> smtp && e.httpStatus() > 0 ? navn + " utsatte e-posten"
                    : e.httpStatus() > 0 ? navn + " er utilgjengelig" : navn + " svarer ikke";
            case THROTTLED -> navn + " ba plattformen vente fordi den sendte for mange kall";
            case AMBIGUOUS -> "svaret fra " + navn + " gikk tapt";
            case UNAUTHORIZED -> smtp ? navn + " avviste plattformens pålogging" : navn + " avviste plattformens tilgang";
            case NOT_FOUND -> navn + " fant ikke det plattformen spurte etter";
            // the SMTP client's only refusal without a reply code: the address was not valid before any connection
            case REJECTED -> smtp && e.httpStatus() == 0 ? "e-postadressen fra KRR er ikke gyldig"
                    : smtp ? navn + " avviste e-posten" : navn + " avviste forespørselen";
            case BAD_RESPONSE -> navn + " ga et svar som ikke kan leses";
        };
    }

    /**
     * The reference after {@link #ord}: the status {@code e} got, the service's error code ({@code feilkode}, one its
     * client checked the shape of) and any further reference of the service's ({@code mer}, e.g. SvarUt's "errorId …"):
     * " (HTTP 503)", " (SMTP-svar 550)", " (HTTP 400, feilkode INVALID_NUMBER)"; "" when there is none.
     */
    public static String referanse(RegisterException e, Optional<String> feilkode, List<String> mer) {
        List<String> deler = new ArrayList<>();
        if (e.httpStatus() > 0) {
            deler.add(("smtp".equals(e.service()) ? "SMTP-svar " : "HTTP ") + e.httpStatus());
        }
        feilkode.ifPresent(k -> deler.add("feilkode " + k));
        deler.addAll(mer);
        return deler.isEmpty() ? "" : " (" + String.join(", ", deler) + ")";
    }

    /**
     * A flow waits after {@code e} ({@link Registerventing}): what happened, that the platform waits and tries again by
     * itself, and what a person may do when it does not mend by itself.
     */
    public static Aarsak vent(RegisterException e) {
        return new Aarsak(kode(e), hva(e) + "; plattformen venter og prøver igjen selv" + handling(e));
    }

    /**
     * A letter held back in step {@code steg} (e.g. "oppslag") because a register failed: as {@link #vent(RegisterException)},
     * and that the letter is not sent.
     */
    public static Aarsak vent(String steg, RegisterException e) {
        return vent(steg, e, false);
    }

    /**
     * As {@link #vent(String, RegisterException)}; {@code tidligereUkjent}: an earlier SvarUt attempt of the letter has an
     * unknown outcome (its answer was lost), so SvarUt may hold it: the reason says so ({@link #tidligereUkjentBrev()})
     * instead of "brevet er ikke sendt".
     */
    public static Aarsak vent(String steg, RegisterException e, boolean tidligereUkjent) {
        return new Aarsak(kode(e), steg + ": " + hva(e) + "; " + (tidligereUkjent ? tidligereUkjentBrev() : "brevet er ikke sendt")
                + ", og plattformen prøver igjen selv" + handling(e));
    }

    /**
     * The one clause for a recipient letter whose earlier SvarUt attempt has an unknown outcome, said instead of "brevet
     * er ikke sendt" wherever its status is worded before a look-up by eksternReferanse has answered: it may have arrived
     * (the letter's counterpart of {@link #tidligereUkjent(String)}).
     */
    public static String tidligereUkjentBrev() {
        return "et tidligere forsøk kan ha kommet fram, så brevet sendes ikke før et oppslag svarer";
    }

    /**
     * A service message held back with the flow, on KRR's look-up before the send or an outage of its SMS gateway or SMTP
     * server ({@code hvilken}: "SMS-en", "e-posten", "varselet"), while an earlier attempt's answer was lost: that one
     * may have arrived, so the reason does not say "ikke sendt" ({@link #vent(String, RegisterException)} would).
     */
    public static Aarsak ventEtterUkjentVarsel(RegisterException e, String hvilken) {
        return new Aarsak(kode(e), "varsel: " + hva(e) + "; " + tidligereUkjent(hvilken) + "; plattformen prøver igjen selv på samme kanal"
                + handling(e));
    }

    /**
     * The one clause for a service message whose earlier SMS/e-mail attempt has an unknown outcome ({@code hvilken}:
     * "SMS-en", "e-posten", "varselet"), said instead of "ikke sendt" wherever its status is worded: it may have arrived.
     */
    public static String tidligereUkjent(String hvilken) {
        return "et tidligere forsøk har ukjent utfall (svaret gikk tapt), så " + hvilken + " kan ha kommet fram";
    }

    /** A flow's wait after a failure that is not a register's: in words, never its message (it may quote a person). */
    public static Aarsak intern() {
        return new Aarsak(INTERN_FEIL, "en feil i plattformen selv (ikke i et register); plattformen venter og prøver igjen selv."
                + " Varer det, finner driftsteamet feilen i loggen");
    }

    /**
     * A failed SMS or e-mail ({@code hva}: "SMS-en", "e-posten"): what happened and what it means for the message. The
     * next step (another attempt at a time, given up after n attempts) is added where the reason is recorded. When an
     * earlier attempt's outcome is unknown ({@code tidligereUkjent}) a refusal now proves nothing about that one, so the
     * reason says it may have arrived ({@link #tidligereUkjent(String)}), never "ikke sendt".
     */
    public static Aarsak varsel(RegisterException e, String hvilken, boolean tidligereUkjent) {
        String grunn = hva(e);
        String ikkeSendt = tidligereUkjent ? tidligereUkjent(hvilken) : hvilken + " er ikke sendt";
        String tekst = switch (e.kind()) {
            case AMBIGUOUS -> grunn + ", så " + hvilken + " kan ha kommet fram";
            case UNAUTHORIZED -> grunn + "; " + ikkeSendt + handling(e);
            default -> grunn + "; " + ikkeSendt;
        };
        return new Aarsak(kode(e), tekst);
    }

    /** A flow has waited long on a service ({@code antall} failed attempts since {@code siden}): the alarm's words. */
    public static Aarsak alarm(String flyt, String siden, int antall, RegisterException e) {
        return new Aarsak(kode(e), "Flyten " + flyt + " har ventet på " + navn(e.service()) + " siden " + siden + " (" + antall
                + " forsøk feilet, sist: " + hva(e) + "). Arbeidet venter og tas opp igjen når " + navn(e.service())
                + " svarer; alarmen lukkes da selv" + handling(e) + ".");
    }

    /** The alarm of a flow that has waited long after failures that are not a register's. */
    public static Aarsak alarmIntern(String flyt, String siden, int antall) {
        return new Aarsak(INTERN_FEIL, "Flyten " + flyt + " har stått siden " + siden + " (" + antall + " forsøk feilet på en feil i"
                + " plattformen selv, ikke i et register). Arbeidet venter og tas opp igjen når feilen er borte; alarmen lukkes da"
                + " selv. Driftsteamet finner feilen i loggen.");
    }

    /** What a person may do, for failures that do not mend by themselves; "" for those that do. */
    private static String handling(RegisterException e) {
        String navn = navn(e.service());
        return switch (e.kind()) {
            case UNAUTHORIZED -> ". Avvist tilgang går ikke over av seg selv: " + switch (e.service()) {
                case "sms" -> "kontroller API-nøkkelen til SMS-tjenesten";
                case "smtp" -> "kontroller brukernavn og passord for e-posttjeneren";
                default -> "kontroller plattformens tilgang hos " + navn + " (klient, nøkkel, scope)";
            };
            case NOT_FOUND, REJECTED, BAD_RESPONSE -> ". Varer det, kontroller oppsettet mot " + navn + " eller meld feilen til dem";
            default -> "";
        };
    }
}
