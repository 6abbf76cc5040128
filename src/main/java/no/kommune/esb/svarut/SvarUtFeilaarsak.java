package no.kommune.esb.svarut;

import no.kommune.esb.platform.Aarsak;
import no.kommune.esb.platform.Registerfeilaarsak;
import no.kommune.esb.register.Avbrutt;
import no.kommune.esb.register.RegisterException;

import java.util.ArrayList;
import java.util.List;

/**
 * A failed SvarUt send or look-up as the reason stored beside the recipient letter (its timeline, its dead letter), in the
 * words the integration team reads in the console and the fagsystem reads in the letter's status: what happened and
 * what it means for the letter ("SvarUt er utilgjengelig …; brevet er ikke sendt", as {@code platform.Feilaarsak} words
 * other failures), never SvarUt's message or a kind's Java name. SvarUt's own reference is kept at the end (the HTTP
 * status, its errorCode and errorId, which KS support looks the error up by), taken from {@link SvarUtClient.Feilsvar}'s
 * checked fields, so nothing else of SvarUt's error body (which may quote a recipient) reaches the reason. The next step
 * (another attempt at a time, given up after n attempts) is added where the reason is recorded.
 */
public final class SvarUtFeilaarsak {

    private SvarUtFeilaarsak() {
    }

    /** {@link #av} with its stable code ({@link #kode}). */
    public static Aarsak aarsak(RegisterException e) {
        return new Aarsak(kode(e), av(e));
    }

    /**
     * The stable code for machines of a failure of SvarUt's client: {@code SVARUT-<ART>} as other services'
     * ({@link Registerfeilaarsak#kode}), a failed look-up after a lost answer {@code SVARUT-OPPSLAG-<ART>}, a lost answer
     * {@code SVARUT-SVAR-TAPT} (a send's 2xx that cannot be read {@code SVARUT-SENDESVAR-ULESELIG}, a send's 5xx
     * {@code SVARUT-SENDESVAR-SERVERFEIL}; not found yet after any of them: {@code SVARUT-IKKE-FUNNET-ENNAA}), a rule
     * breach {@code SVARUT-REGELBRUDD}.
     */
    public static String kode(RegisterException e) {
        if (e.kind() == RegisterException.Kind.AMBIGUOUS) {
            if (e.getCause() instanceof RegisterException under) {
                return under.kind() != RegisterException.Kind.AMBIGUOUS
                        ? "SVARUT-OPPSLAG-" + Registerfeilaarsak.kode(under).substring(under.service().length() + 1)
                        : "SVARUT-IKKE-FUNNET-ENNAA";
            }
            return e instanceof SvarUtClient.UlesbartSendesvar ? "SVARUT-SENDESVAR-ULESELIG"
                    : e instanceof SvarUtClient.Feilsvar ? "SVARUT-SENDESVAR-SERVERFEIL" : "SVARUT-SVAR-TAPT";
        }
        if (e instanceof SvarUtClient.Regelbrudd) {
            return "SVARUT-REGELBRUDD";
        }
        return Registerfeilaarsak.kode(e);
    }

    /** The reason to store for a failure of SvarUt's client ({@link SvarUtClient}). */
    public static String av(RegisterException e) {
        if (e.kind() == RegisterException.Kind.AMBIGUOUS) {
            // how SvarUtClient builds them: a failed look-up wrapped by finnEtterMuligSending, a lost, unreadable or 5xx answer
            // wrapped by sendExactlyOnce when the look-up after it did not find the letter yet, or that answer itself
            if (e.getCause() instanceof RegisterException under) {
                if (under.kind() != RegisterException.Kind.AMBIGUOUS) {
                    return "oppslaget i SvarUt på eksternReferanse feilet: " + hva(under) + referanse(under)
                            + "; et tidligere forsøk kan ha kommet fram, så brevet sendes ikke før et oppslag svarer";
                }
                return ukjentUtfall(under) + ", og brevet er ikke funnet på eksternReferanse ennå; det slås opp igjen før det eventuelt sendes på nytt";
            }
            return ukjentUtfall(e) + ", så brevet kan ha kommet fram; det slås opp på eksternReferanse før det eventuelt sendes igjen";
        }
        if (e instanceof SvarUtClient.Regelbrudd r) {
            return "brevet er ikke sendt: det bryter SvarUts regler (" + String.join("; ", r.brudd()) + ")";
        }
        String grunn = hva(e) + referanse(e);
        return switch (e.kind()) {
            // an answer SvarUt's client cannot read says nothing of the letter (a send's is UlesbartSendesvar, above)
            case BAD_RESPONSE -> grunn;
            case UNAUTHORIZED -> grunn + "; brevet er ikke sendt, og sendingene venter til integrasjonen eller kontoen i SvarUt er rettet";
            // a 5xx never says "ikke sendt" (a send's is Feilsvar.utfallUkjent, above; Sendeutfall): it may have been stored
            // nor one interrupted by a shutdown once begun (Avbrutt): the request may have gone out
            default -> Sendeutfall.serverfeil(e.httpStatus()) || e instanceof Avbrutt ? grunn : grunn + "; brevet er ikke sendt";
        };
    }

    /**
     * The attempt whose outcome is unknown: its answer lost, the send interrupted by a shutdown ({@link Avbrutt}), a 2xx that could not be read ({@link SvarUtClient.UlesbartSendesvar}),
     * or a 5xx ({@link SvarUtClient.Feilsvar#utfallUkjent()}, with SvarUt's codes: a server error does not say whether the
     * letter was stored).
     */
    private static String ukjentUtfall(RegisterException e) {
        if (e instanceof SvarUtClient.UlesbartSendesvar) {
            return "SvarUt tok imot sendingen (HTTP " + e.httpStatus() + "), men svaret kunne ikke leses";
        }
        if (e instanceof Avbrutt) {
            // a shutdown interrupted the send: it may have gone out whole, so never "ikke sendt"
            return "sendingen til SvarUt ble avbrutt (plattformen stanset) før svaret kom";
        }
        if (e instanceof SvarUtClient.Feilsvar) {
            return "SvarUt svarte sendingen med en serverfeil" + referanse(e) + ", som ikke sier om brevet ble lagret";
        }
        return "svaret fra SvarUt gikk tapt";
    }

    private static String hva(RegisterException e) {
        return switch (e.kind()) {
            case UNAVAILABLE -> e.httpStatus() > 0 ? "SvarUt er utilgjengelig" : "SvarUt svarer ikke";
            case THROTTLED -> "SvarUt avviste kallet fordi plattformen sendte for mange";
            case AMBIGUOUS -> "svaret fra SvarUt gikk tapt";
            case UNAUTHORIZED -> "SvarUt avviste plattformens tilgang";
            case NOT_FOUND -> "SvarUt fant ikke kontoen eller tjenesten";
            case REJECTED -> "SvarUt avviste forsendelsen";
            case BAD_RESPONSE -> "SvarUt ga et svar som ikke kan leses";
        };
    }

    /** " (HTTP 500, feilkode INTERN_FEIL, errorId …)" from the failure or the SvarUt answer behind it; "" when there is none. */
    private static String referanse(RegisterException e) {
        List<String> deler = new ArrayList<>();
        if (e.httpStatus() > 0) {
            deler.add("HTTP " + e.httpStatus());
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SvarUtClient.Feilsvar svar) {
                svar.feilkode().ifPresent(k -> deler.add("feilkode " + k));
                svar.feilId().ifPresent(id -> deler.add("errorId " + id));
                break;
            }
        }
        return deler.isEmpty() ? "" : " (" + String.join(", ", deler) + ")";
    }
}
