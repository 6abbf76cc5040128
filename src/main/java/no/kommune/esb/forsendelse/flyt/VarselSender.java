package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.forsendelse.Kanal;
import no.kommune.esb.forsendelse.Mottakerbeslutning;
import no.kommune.esb.forsendelse.Varselkanalbytte;
import no.kommune.esb.forsendelse.Varselvalg;
import no.kommune.esb.forsendelse.Varslingskanal;
import no.kommune.esb.krr.KrrClient;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.KrrKontakt;
import no.kommune.esb.platform.Aarsak;
import no.kommune.esb.platform.Registerfeilaarsak;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.varsel.EpostSender;
import no.kommune.esb.varsel.SmsClient;
import no.kommune.esb.varsel.Varselfeil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends the service messages ({@link Kanal#VARSEL_SMS_EPOST}) of one batch, after the batch's decisions: looks the
 * recipients up in KRR once more (one bulk call; the contact data lives only in this method), picks the channel
 * with {@link Varselvalg} (SMS preferred, e-mail when only it is usable) and hands the text to the SMS gateway or
 * the SMTP server. After an attempt whose answer was lost it stays on that attempt's channel or hands the letter to
 * manual handling, never switching between SMS and e-mail ({@link Varselkanalbytte}). The recipient-letter id is the gateway's idempotency key and the e-mail's Message-ID.
 * A failed send waits and is retried like a SvarUt send ({@code forsendelse.behandling.foerste-vent}, doubling, up to
 * {@code max-forsoek}, then the dead-letter store); each retry decides again from fresh look-ups. A send that only met
 * an outage of the gateway or SMTP server ({@link Varselfeil#venterMedFlyten}) spends no attempt: the letter waits with
 * the flow ({@link Venting}). A failed KRR look-up
 * sends nothing: every message of the batch waits with the flow on KRR, no send attempt counted. A reason recorded for a
 * message whose earlier attempt has an unknown outcome says it may have arrived, never "ikke sendt" ({@link #ventegrunn},
 * {@link Registerfeilaarsak#tidligereUkjent}). Each message is sent only while the pass still holds its letter
 * ({@link BehandlingRepository#holderFortsatt}, the fence).
 */
@Component
public class VarselSender {

    private static final Logger log = LoggerFactory.getLogger(VarselSender.class);

    /** One recipient letter decided for SMS/e-mail and due to be sent. */
    public record Varsel(BehandlingRepository.Brevrad brev, BehandlingRepository.Mottakerrad rad, Mottakerbeslutning beslutning) {
    }

    /**
     * Makes a recipient letter wait with the flow, no attempt spent (the flow's {@code Oppslagsstans}: its
     * {@link no.kommune.esb.platform.Registerventing}, as after a failed look-up or a SvarUt outage); false when the letter
     * was taken over meanwhile and nothing was recorded.
     */
    @FunctionalInterface
    public interface Venting {
        /** {@code grunn}: the reason recorded, in words with a stable code, without personal data. */
        boolean venter(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, RegisterException e, Aarsak grunn);
    }

    /** Reason code: KRR's contact data changed between the decision and the send, so the letter is decided again. */
    static final String KRR_ENDRET = "VARSEL-KRR-ENDRET";

    private final BehandlingRepository repository;
    private final ForsendelseMetrikker metrikker;
    private final KrrClient krr;
    private final SmsClient sms;
    private final EpostSender epost;
    private final Set<Varslingskanal> tilgjengelige;
    private final Clock clock = Clock.systemUTC();
    private final Forsoksregel forsoksregel;

    public VarselSender(BehandlingRepository repository, KrrClient krr, ObjectProvider<SmsClient> sms, ObjectProvider<EpostSender> epost,
                        ForsendelseMetrikker metrikker, Forsoksregel forsoksregel) {
        this.repository = repository;
        this.metrikker = metrikker;
        this.krr = krr;
        this.sms = sms.getIfAvailable();
        this.epost = epost.getIfAvailable();
        Set<Varslingskanal> kanaler = EnumSet.noneOf(Varslingskanal.class);
        if (this.sms != null) {
            kanaler.add(Varslingskanal.SMS);
        }
        if (this.epost != null) {
            kanaler.add(Varslingskanal.EPOST);
        }
        this.tilgjengelige = Collections.unmodifiableSet(kanaler);
        this.forsoksregel = forsoksregel;
    }

    /**
     * The evidence of the look-up a message went out on, for the timeline: when KRR was asked, its status and
     * reservation, and that the channel's contact data was updated within 18 months (it was, or the channel would not
     * have been chosen) — never the number or address itself (DOMAIN.md rule 1).
     */
    static String bevis(KrrKontakt k, Varslingskanal kanal, Instant oppslag) {
        return "KRR slått opp " + oppslag + ": status " + k.status() + ", reservert " + (k.reservert() ? "ja" : "nei") + ", "
                + (kanal == Varslingskanal.SMS ? "mobilnummer" : "e-postadresse") + " oppdatert innen 18 måneder";
    }

    /** The message in words for a reason ("SMS-en", "e-posten"); "varselet" when the channel was not recorded. */
    static String hvilken(Varslingskanal kanal) {
        return kanal == Varslingskanal.SMS ? "SMS-en" : kanal == Varslingskanal.EPOST ? "e-posten" : "varselet";
    }

    /**
     * The reason a service message waits with the flow after {@code e} (KRR's look-up, or an outage of the SMS gateway or
     * SMTP server), no attempt spent. {@code utfall}: its SMS/e-mail attempts' outcome; while unknown ({@code kanal} the
     * channel that may have delivered) the message may have arrived, so the reason says so instead of "ikke sendt".
     */
    static Aarsak ventegrunn(Varselkanalbytte.Utfall utfall, Varslingskanal kanal, RegisterException e) {
        return utfall == Varselkanalbytte.Utfall.UKJENT ? Registerfeilaarsak.ventEtterUkjentVarsel(e, hvilken(kanal))
                : Registerfeilaarsak.vent("varsel", e);
    }

    /** The channels the platform has a gateway for. */
    public Set<Varslingskanal> tilgjengelige() {
        return tilgjengelige;
    }

    /**
     * Sends each service message once; a failed send is recorded for a later attempt, or, when it only says the gateway
     * or SMTP server cannot be had ({@link Varselfeil#venterMedFlyten}), handed to {@code venting} without one. When the
     * KRR look-up fails nothing is sent and no attempt recorded: every message is handed to {@code venting}.
     */
    public void sendAlle(List<Varsel> varsler, Venting venting) {
        if (varsler.isEmpty()) {
            return;
        }
        Set<Identitetsnummer> ider = new LinkedHashSet<>();
        varsler.forEach(v -> ider.add(v.beslutning().mottaker()));
        Instant oppslag = clock.instant();
        Map<Identitetsnummer, KrrKontakt> kontakt = new HashMap<>();
        try {
            krr.personer(ider).forEach(k -> kontakt.put(k.id(), k));
        } catch (RegisterException e) {
            // nothing went out in this pass, but an earlier attempt whose answer was lost may have: each reason says what is known
            varsler.forEach(v -> venting.venter(v.brev(), v.rad(), e, ventegrunn(v.rad().varselUtfall(), v.rad().forsoekVarselkanal(), e)));
            return;
        }
        for (Varsel v : varsler) {
            send(v, kontakt.get(v.beslutning().mottaker()), oppslag, venting);
        }
    }

    private void send(Varsel v, KrrKontakt k, Instant oppslag, Venting venting) {
        Set<Varslingskanal> mulige = Varselvalg.mulige(v.beslutning().varslingskanaler(), k, oppslag, tilgjengelige);
        Varslingskanal forrige = v.rad().forsoekVarselkanal();
        Varslingskanal kanal;
        switch (Varselkanalbytte.vurder(forrige, v.rad().varselUtfall(), mulige)) {
            case SEND_SMS -> kanal = Varslingskanal.SMS;
            case SEND_EPOST -> kanal = Varslingskanal.EPOST;
            case MANUELL -> {
                // the earlier SMS/e-mail may have arrived and its channel is gone: the other channel could send it twice
                if (!repository.manuellEtterKanalbytte(v.brev().id(), v.rad().id(), v.brev().krav(), Varselkanalbytte.manuellGrunn(forrige))) {
                    ForsendelseBehandler.ikkeSendtOvertatt(v.rad().id(), v.brev().id());
                    metrikker.sending(forrige == null ? "varsel" : gateway(forrige), ForsendelseBehandler.OVERTATT);
                }
                return;
            }
            default -> {
                // KRR changed since the decision a moment ago: the next attempt decides again (likely paper)
                // nothing went out now; after an earlier lost answer the message may have arrived, so never "ingenting er sendt"
                String utfall = feilet(v, v.rad().varselUtfall(), forrige, true, null, new Aarsak(KRR_ENDRET,
                        "mottakerens kontaktinformasjon i KRR kan ikke brukes til varsel lenger (endret siden beslutningen); "
                        + (v.rad().varselUtfall() == Varselkanalbytte.Utfall.UKJENT ? Registerfeilaarsak.tidligereUkjent(hvilken(forrige))
                                : "ingenting er sendt") + ", og brevet besluttes på nytt"));
                if (Forsoksregel.OVERTATT.equals(utfall)) {
                    // nothing was tried, so only a takeover is counted here (logged by feilet), as the other taken-over cases
                    metrikker.sending(forrige == null ? "varsel" : gateway(forrige), ForsendelseBehandler.OVERTATT);
                }
                return;
            }
        }
        if (!repository.holderFortsatt(v.brev().id(), v.brev().krav())) {
            // the fence: another instance took the letter over and decides and sends it itself (an e-mail has no
            // de-duplication to fall back on)
            ForsendelseBehandler.ikkeSendtOvertatt(v.rad().id(), v.brev().id());
            metrikker.sending(gateway(kanal), ForsendelseBehandler.OVERTATT);
            return;
        }
        String tekst = repository.varseltekst(v.brev().id()).orElse(v.brev().brev().tittel());
        String referanse = v.rad().id().toString();
        // recorded before the request goes out, so a later attempt knows an SMS/e-mail may be out, and by which channel;
        // only under this pass's claim, which also closes the window since the fence (a stall there, then a takeover)
        if (!repository.varselBegynner(v.rad().id(), v.brev().krav(), kanal)) {
            ForsendelseBehandler.ikkeSendtOvertatt(v.rad().id(), v.brev().id());
            metrikker.sending(gateway(kanal), ForsendelseBehandler.OVERTATT);
            return;
        }
        try {
            boolean holdt;
            if (kanal == Varslingskanal.SMS) {
                SmsClient.Kvittering kvittering = sms.send(k.mobiltelefonnummer(), tekst, referanse);
                holdt = repository.varselSendt(v.brev().id(), v.rad().id(), v.brev().krav(), Varslingskanal.SMS, kvittering.id(),
                        kvittering.status().name(), bevis(k, kanal, oppslag));
            } else {
                String messageId = epost.send(k.epostadresse(), v.brev().brev().tittel(), tekst, referanse);
                holdt = repository.varselSendt(v.brev().id(), v.rad().id(), v.brev().krav(), Varslingskanal.EPOST, messageId, "ACCEPTED",
                        bevis(k, kanal, oppslag));
            }
            if (!holdt) {
                // taken over while the message went out: its new holder found this attempt's guard (varselBegynner) and
                // treats its outcome as unknown, so it is never sent twice; this pass records nothing about the letter
                log.warn("Service message of recipient letter {} went out, but letter {} was taken over by another instance meanwhile"
                        + " (or the recipient letter recorded by it); not recorded as sent by this instance", v.rad().id(), v.brev().id());
                metrikker.sending(gateway(kanal), ForsendelseBehandler.OVERTATT);
                return;
            }
            metrikker.sending(gateway(kanal), "sendt");
        } catch (RegisterException e) {
            // a refusal (answered, or not reached) proves only that this attempt sent nothing: the guard is cleared only
            // when no earlier attempt's outcome is unknown, else an SMS that did arrive could be followed by an e-mail
            // or a SvarUt letter. A lost answer (AMBIGUOUS) keeps it too. The outcome before was read before the attempt:
            // cleared only while this pass still holds the letter, never over a new holder's attempt
            Varselkanalbytte.Utfall etter = Varselkanalbytte.etterFeil(v.rad().varselUtfall(), e.kind() == RegisterException.Kind.AMBIGUOUS);
            if (etter == Varselkanalbytte.Utfall.AVVIST) {
                repository.forsoekUtenUtfall(v.rad().id(), v.brev().krav());
            }
            if (Varselfeil.venterMedFlyten(e)) {
                // the gateway or SMTP server cannot be had (no connection, 503, 421/451/452, the platform's key or login
                // refused) and took nothing: nothing about this message, so no attempt is spent (one was, and an outage
                // longer than the attempts and their backoff ended every message as a dead letter or in manual handling);
                // it waits with the flow, as a SvarUt letter in an outage. The guard is as above: an earlier lost answer
                // keeps it, so the next attempt stays on that channel, and the reason says it may have arrived
                if (venting.venter(v.brev(), v.rad(), e, ventegrunn(etter, kanal, e))) {
                    metrikker.sending(gateway(kanal), ForsendelseBehandler.VENTER);
                }
                return;
            }
            // in words with a stable code and the gateway's reply code, never its message (it may echo the number); after
            // an earlier lost answer never "ikke sendt": that message may have arrived
            metrikker.sending(gateway(kanal), feilet(v, etter, kanal, e.isRetryable(), e.retryAfter().orElse(null),
                    Registerfeilaarsak.varsel(e, hvilken(kanal), v.rad().varselUtfall() == Varselkanalbytte.Utfall.UKJENT)));
        }
    }

    private static String gateway(Varslingskanal kanal) {
        return kanal == Varslingskanal.SMS ? "sms" : "epost";
    }

    /**
     * Another attempt later, or the dead-letter store ({@link Forsoksregel}); returns which, for the metric. While an
     * attempt's outcome is unknown ({@code utfall}, after this failure; {@code kanal} the channel that may have delivered)
     * the end is manual handling instead: the message may have arrived, so "failed" would be a guess.
     */
    private String feilet(Varsel v, Varselkanalbytte.Utfall utfall, Varslingskanal kanal, boolean kanProevesIgjen, Duration retryAfter, Aarsak grunn) {
        String resultat = utfall == Varselkanalbytte.Utfall.UKJENT
                ? forsoksregel.feiletUkjentUtfall(v.brev().id(), v.rad().id(), v.brev().krav(), v.rad().forsoek(), kanProevesIgjen, retryAfter,
                        grunn, Varselkanalbytte.ukjentUtfallGrunn(kanal, "forsøkene er brukt opp"))
                : forsoksregel.feilet(v.brev().id(), v.rad().id(), v.brev().krav(), v.rad().forsoek(), kanProevesIgjen, retryAfter, grunn);
        if (Forsoksregel.OVERTATT.equals(resultat)) {
            ForsendelseBehandler.ikkeSendtOvertatt(v.rad().id(), v.brev().id());
        }
        return resultat;
    }
}
