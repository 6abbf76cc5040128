package no.kommune.esb.hendelser.flyt;

import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Portefoljenumre;
import no.kommune.esb.hendelser.Portefoljer;
import no.kommune.esb.model.Identitetsnummer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Set;

/**
 * Ties the portfolio members registered by a number the register has replaced to the person's number in use, before
 * a fan-out round decides who takes its events (docs/hendelser.md, "A member registered by a replaced number"). An
 * event names the number in use, and the portfolio is asked under her numbers that the look-up or {@code
 * personidentitet} knows; {@code personidentitet} holds only the changes the feed taught, so a member registered by a
 * D-nummer (or an earlier fødselsnummer) that the register replaced before the platform read that change got none of
 * her events. Each member not yet asked about ({@link Portefoljer#ukontrollerte}) is looked up once, in one bulk call of up
 * to {@link #PER_RUNDE} numbers a round (never a call per event): the register answers a replaced number with the
 * person under her number in use, and the pair is stored in {@code personidentitet} ({@link Portefoljenumre}, as an extract reads the same answer;
 * {@link Personidentiteter#knytt}). A member then asked is marked ({@code portefolje.nummer_kontrollert}, V85): a
 * number still in use is told by the feed when it changes later. Its own transaction, before the batch's: it takes the
 * identity lock, which the batch takes only after the screening lock (Skjermingsvakt: the locks' order).
 */
final class Portefoljekontroll {

    private static final Logger log = LoggerFactory.getLogger(HendelseFordeler.class);
    /**
     * Members asked about a round at the most: one bulk call. A portfolio of tens of thousands not yet asked (the first
     * round after V85) is asked over as many rounds, each round's answers held in memory and the round's fan-out held up
     * by one call only.
     */
    static final int PER_RUNDE = 1000;

    private final Portefoljer portefoljer;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FolkeregisterClient freg;
    private final FagsystemRegistry registry;
    private final MeterRegistry metrics;

    Portefoljekontroll(JdbcTemplate jdbc, TransactionTemplate tx, FolkeregisterClient freg, FagsystemRegistry registry, MeterRegistry metrics) {
        this.portefoljer = new Portefoljer(jdbc);
        this.jdbc = jdbc;
        this.tx = tx;
        this.freg = freg;
        this.registry = registry;
        this.metrics = metrics;
    }

    /**
     * Looks up the portfolios' members not yet asked about and ties those the register answered under another number;
     * returns how many members it asked about (0, and no call, when there are none: the usual round costs one query).
     * A failed register call ({@code RegisterException}) leaves them unmarked, to be asked again once the fan-out's
     * wait is over.
     */
    int kontroller() {
        List<String> portefoljefagsystemer = registry.alle().stream().filter(f -> f.populasjon() instanceof Fagsystem.Portefolje)
                .map(Fagsystem::id).toList();
        if (portefoljefagsystemer.isEmpty()) {
            return 0;
        }
        portefoljer.merkKjente(portefoljefagsystemer);
        List<String> ukontrollerte = portefoljer.ukontrollerte(portefoljefagsystemer, PER_RUNDE);
        if (ukontrollerte == null || ukontrollerte.isEmpty()) {
            return 0;
        }
        // the API stores valid numbers only; anything else is marked asked, never sent to the register
        List<Identitetsnummer> numre = ukontrollerte.stream().filter(Identitetsnummer::isValid).map(Identitetsnummer::of).toList();
        Portefoljenumre svar = numre.isEmpty() ? Portefoljenumre.INGEN
                : Portefoljenumre.av(freg.bulkoppslag(numre, Set.of(Part.PERSON_BASIS)));
        Integer knyttet = tx.execute(s -> {
            int lagret = Personidentiteter.knytt(jdbc, svar.grupper());
            portefoljer.kontrollert(portefoljefagsystemer, ukontrollerte);
            return lagret;
        });
        // members asked about, calls made and numbers tied: what the check costs and what it found
        metrics.counter("esb.hendelser.portefolje.kontrollert").increment(ukontrollerte.size());
        metrics.counter("esb.hendelser.portefolje.oppslag").increment(svar.kall());
        metrics.counter("esb.hendelser.portefolje.knyttet").increment(svar.tidligere().values().stream().mapToInt(Set::size).sum());
        if (!svar.tidligere().isEmpty()) {
            log.info("Portfolio check: {} member(s) registered by a replaced number tied to the number in use ({} identity number(s) stored)",
                    svar.tidligere().values().stream().mapToInt(Set::size).sum(), knyttet);
        }
        if (svar.ikkeFunnet() + svar.ulesbare() > 0) {
            log.warn("Portfolio check: {} member(s) registered by a number the register knows under no number, {} whose document cannot"
                    + " be read: asked once, not tied", svar.ikkeFunnet(), svar.ulesbare());
        }
        return ukontrollerte.size();
    }
}
