package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.forsendelse.mottak.DeadLetterRedriver;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Redrives one event delivery that failed for good (kilde {@code hendelser-levering}, referanse
 * {@code <sekvensnummer>/<fagsystem>[/<melding>]}, {@link HendelseLeverer#deadLetterReferanse}): every kind of row, the
 * registration's event message, a resync row (negative sequence number, out of a replay's reach) and a proactive
 * trigger's message ({@code proaktiv/<trigger>}, which a replay never makes again). The row goes back with its attempts
 * reset and due now, as {@code MINIMERES}: its document is made again under the live registration by the fan-out's
 * next round ({@link NyMinimering#minimerPaaNytt}) before it may go, never sent as stored, since nothing records the
 * registration a stored document was made under (a reload marks waiting rows only). The dead letter is marked redriven
 * in the same transaction, after the row's lock is taken. {@link Redrivevurdering} decides what is refused (docs/hendelser.md, "Redrive of one dead letter").
 */
@Component
public class LeveringRedriver implements DeadLetterRedriver {

    private static final Logger log = LoggerFactory.getLogger(LeveringRedriver.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FagsystemRegistry registry;

    public LeveringRedriver(JdbcTemplate jdbc, TransactionTemplate tx, FagsystemRegistry registry) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.registry = registry;
    }

    @Override
    public String kilde() {
        return HendelseLeverer.DEAD_LETTER_KILDE;
    }

    /** A person's rows of one fagsystem and kind go in order: a redrive refuses to land behind later delivered ones unless told. */
    @Override
    public boolean holderRekkefoelge() {
        return true;
    }

    @Override
    public boolean redrive(ForsendelseRepository.DeadLetter deadLetter) {
        return redriv(deadLetter, false).redrevet();
    }

    @Override
    public Utfall redriv(ForsendelseRepository.DeadLetter deadLetter, boolean trossNyere) {
        Optional<Referanse> ref = Referanse.les(deadLetter.referanse());
        if (ref.isEmpty()) {
            return Utfall.avslag("kan-ikke-redrives", "referansen " + deadLetter.referanse() + " viser ikke til en levering");
        }
        Referanse r = ref.get();
        return tx.execute(s -> {
            // the row, then its dead letter, in the order the fan-out locks them when it withholds an address (no deadlock)
            List<Map<String, Object>> rad = jdbc.queryForList("""
                    select l.status, h.hendelsetype from levering l left join hendelse h on h.sekvensnummer = l.sekvensnummer
                     where l.sekvensnummer = ? and l.fagsystem = ? and l.melding = ? for update of l""", r.sekvensnummer(), r.fagsystem(), r.melding());
            // of two redrives at once (or a redrive and a close) the second finds the dead letter settled and is refused, as for any kind
            if (jdbc.update("update dead_letter set redrevet = now() where id = ? and redrevet is null and avsluttet is null", deadLetter.id()) != 1) {
                return Utfall.avslag("allerede-redrevet", "dead letter er allerede sendt på nytt eller avsluttet uten sending");
            }
            String status = rad.isEmpty() ? null : (String) rad.get(0).get("status");
            String hendelsetype = rad.isEmpty() ? null : (String) rad.get(0).get("hendelsetype");
            Optional<Fagsystem> f = registry.finn(r.fagsystem());
            List<Long> nyere = status == null ? List.of() : nyereLevert(r);
            Optional<Redrivevurdering.Avslag> avslag = Redrivevurdering.vurder(new Redrivevurdering.Tilstand(status, hendelsetype, r.fagsystem(),
                    f.isPresent(), f.map(x -> x.levering() instanceof Fagsystem.Sftp).orElse(false), r.melding(),
                    f.isPresent() && hendelsetype != null && Mottakervalg.tar(f.get(), hendelsetype), nyere, trossNyere));
            if (avslag.isPresent()) {
                s.setRollbackOnly();
                log.info("Redrive of event delivery {} refused: {}", r, avslag.get().type());
                return Utfall.avslag(avslag.get().type(), avslag.get().detalj());
            }
            // made again under the live registration before it may go; it stands at its own place in the person's order
            jdbc.update("""
                    update levering set status = ?, forsoek = 0, neste_forsoek = now(), levert = null, feil = null
                     where sekvensnummer = ? and fagsystem = ? and melding = ?""", HendelseFordeler.MINIMERES, r.sekvensnummer(), r.fagsystem(), r.melding());
            log.info("Event delivery {} redriven from dead letter {}: made again under the live registration before it goes{}", r, deadLetter.id(),
                    nyere.isEmpty() ? "" : " (sent though " + nyere.size() + " later row(s) of the person went before it)");
            return Utfall.REDREVET;
        });
    }

    /**
     * The later rows (by the delivery order, {@link HendelseLeverer#REKKEFOELGE}) of the row's person, fagsystem and message
     * kind that were delivered: a redriven older row would land after them. The person's rows under every number of the
     * person (its own and {@link HendelseLeverer#ANDRE_NUMRE}, joined laterally so each probes the index: a row under a replaced D-nummer has its later rows under the new
     * fødselsnummer), from the person's events (hendelse_identifikator_idx, per number) to their rows (the primary key),
     * as {@link HendelseLeverer#IKKE_BAK_VENTENDE} walks them.
     */
    private List<Long> nyereLevert(Referanse r) {
        return jdbc.queryForList("""
                select e.sekvensnummer from levering l
                  join hendelse h on h.sekvensnummer = l.sekvensnummer
                  join lateral (select h.identifikator as nummer union all select b.identifikator from %s) n on true
                  join hendelse t on t.identifikator = n.nummer
                  join levering e on e.sekvensnummer = t.sekvensnummer and e.fagsystem = l.fagsystem and e.melding = l.melding
                 where l.sekvensnummer = ? and l.fagsystem = ? and l.melding = ? and e.status = 'LEVERT'
                   and (coalesce(e.rekkefoelge, e.sekvensnummer), e.sekvensnummer) > (coalesce(l.rekkefoelge, l.sekvensnummer), l.sekvensnummer)
                 order by coalesce(e.rekkefoelge, e.sekvensnummer), e.sekvensnummer""".formatted(HendelseLeverer.ANDRE_NUMRE),
                Long.class, r.sekvensnummer(), r.fagsystem(), r.melding());
    }

    /** A delivery row's key as its dead letter names it; shown in logs as the reference (no personal data). */
    record Referanse(long sekvensnummer, String fagsystem, String melding) {

        /** {@code <sekvensnummer>/<fagsystem>[/<melding>]}; the message kind may hold a slash itself ({@code proaktiv/<trigger>}). */
        static Optional<Referanse> les(String referanse) {
            String[] deler = referanse == null ? new String[0] : referanse.split("/", 3);
            if (deler.length < 2 || deler[1].isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Referanse(Long.parseLong(deler[0]), deler[1], deler.length == 3 ? deler[2] : ""));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return HendelseLeverer.deadLetterReferanse(sekvensnummer, fagsystem, melding);
        }
    }
}
