package no.kommune.esb.svarut;

import no.kommune.esb.platform.Aarsak;
import no.kommune.esb.platform.Registerfeilaarsak;
import no.kommune.esb.register.Avbrutt;
import no.kommune.esb.register.RegisterException;

import java.util.List;

/**
 * A failed SvarUt send or look-up as the reason stored beside the recipient letter (its timeline, its dead letter), in the
 * words the integration team reads in the console and the fagsystem reads in the letter's status: what happened and
 * what it means for the letter ("SvarUt er utilgjengelig …; brevet er ikke sendt"), never SvarUt's message or a kind's
 * Java name. What happened is worded as every register's failure ({@link Registerfeilaarsak#ord}: a failure of another
 * service on the way, e.g. Maskinporten's token, names that service); SvarUt's own reference is kept at the end (the HTTP
 * status, its errorCode and errorId, which KS support looks the error up by), taken from {@link SvarUtClient.Feilsvar}'s
 * checked fields, so nothing else of SvarUt's error body (which may quote a recipient) reaches the reason. The next step
 * (another attempt at a time, given up after n attempts) is added where the reason is recorded.
 */
public final class SvarUtFeilaarsak {

    private SvarUtFeilaarsak() {
    }

    /** {@link #av} with its stable code ({@link #kode}). */
    public static Aarsak aarsak(RegisterException e) {
        return aarsak(e, false);
    }

    /** {@link #av(RegisterException, boolean)} with its stable code ({@link #kode}). */
    public static Aarsak aarsak(RegisterException e, boolean tidligereUkjent) {
        return new Aarsak(kode(e), av(e, tidligereUkjent));
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
                        ? oppslagskode(under)
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
        return av(e, false);
    }

    /**
     * As {@link #av(RegisterException)}, for a recipient letter that did not reach SvarUt in this pass; {@code tidligereUkjent}:
     * an earlier attempt of it has an unknown outcome and no look-up by eksternReferanse has answered since, so SvarUt
     * may hold it: where the reason would say "brevet er ikke sendt" it says so instead
     * ({@link Registerfeilaarsak#tidligereUkjentBrev()}).
     */
    public static String av(RegisterException e, boolean tidligereUkjent) {
        String ikkeSendt = tidligereUkjent ? Registerfeilaarsak.tidligereUkjentBrev() : "brevet er ikke sendt";
        if (e.kind() == RegisterException.Kind.AMBIGUOUS) {
            // how SvarUtClient builds them: a failed look-up wrapped by finnEtterMuligSending, a lost, unreadable or 5xx answer
            // wrapped by sendExactlyOnce when the look-up after it did not find the letter yet, or that answer itself
            if (e.getCause() instanceof RegisterException under) {
                if (under.kind() != RegisterException.Kind.AMBIGUOUS) {
                    return "oppslaget i SvarUt på eksternReferanse feilet: " + hva(under)
                            + "; " + Registerfeilaarsak.tidligereUkjentBrev();
                }
                return ukjentUtfall(under) + ", og brevet er ikke funnet på eksternReferanse ennå; det slås opp igjen før det eventuelt sendes på nytt";
            }
            return ukjentUtfall(e) + ", så brevet kan ha kommet fram; det slås opp på eksternReferanse før det eventuelt sendes igjen";
        }
        if (e instanceof SvarUtClient.Regelbrudd r) {
            return "brevet er ikke sendt: det bryter SvarUts regler (" + String.join("; ", r.brudd()) + ")";
        }
        String grunn = hva(e);
        if (e instanceof SvarUtClient.TokenFeilet) {
            // the token comes before the request: SvarUt was not called, whatever Maskinporten answered (a 5xx too)
            return e.kind() == RegisterException.Kind.UNAUTHORIZED
                    ? grunn + "; " + ikkeSendt + ", og sendingene venter til plattformens tilgang hos " + Registerfeilaarsak.navn(e.service())
                            + " er rettet (klient, nøkkel, scope)"
                    : grunn + "; " + ikkeSendt;
        }
        return switch (e.kind()) {
            // an answer SvarUt's client cannot read says nothing of the letter (a send's is UlesbartSendesvar, above)
            case BAD_RESPONSE -> grunn;
            case UNAUTHORIZED -> grunn + "; " + ikkeSendt + ", og sendingene venter til integrasjonen eller kontoen i SvarUt er rettet";
            // a 5xx never says "ikke sendt" (a send's is Feilsvar.utfallUkjent, above; Sendeutfall): it may have been stored
            // nor one interrupted by a shutdown once begun (Avbrutt): the request may have gone out
            default -> Sendeutfall.serverfeil(e.httpStatus()) || e instanceof Avbrutt ? grunn : grunn + "; " + ikkeSendt;
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

    /**
     * What happened, in the words of every register's failure ({@link Registerfeilaarsak#ord}), with SvarUt's reference:
     * the HTTP status, its errorCode and errorId from the SvarUt answer along the cause chain, "SvarUt er utilgjengelig
     * (HTTP 500, feilkode INTERN_FEIL, errorId …)". Also the words of the alarm of a look-up refused for good
     * ({@code SvarUtOppslagsalarm}).
     */
    public static String hva(RegisterException e) {
        return Registerfeilaarsak.ord(e) + referanse(e);
    }

    /** The code of a look-up by eksternReferanse that failed with {@code oppslag}: {@code SVARUT-OPPSLAG-<ART>}. */
    public static String oppslagskode(RegisterException oppslag) {
        return "SVARUT-OPPSLAG-" + Registerfeilaarsak.kode(oppslag).substring(oppslag.service().length() + 1);
    }

    /** " (HTTP 500, feilkode INTERN_FEIL, errorId …)" from the failure or the SvarUt answer behind it; "" when there is none. */
    private static String referanse(RegisterException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SvarUtClient.Feilsvar svar) {
                return Registerfeilaarsak.referanse(e, svar.feilkode(), svar.feilId().map(id -> List.of("errorId " + id)).orElse(List.of()));
            }
        }
        return Registerfeilaarsak.referanse(e, e.feilkode(), List.of());
    }
}
