package no.kommune.esb.uttrekk.vask;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The wash's metrics (docs/uttrekk-formater-og-vask.md "Metrics"), tagged by channel ({@code REST}, {@code SFTP}) and
 * fagsystem, never by anything about a person or a file name:
 * <ul>
 * <li>{@code esb.vask.filer{kanal, fagsystem, utfall}}: each wash file once, when it is done: {@code besvart} (answered),
 *     {@code avvist} (refused: unreadable, no purpose, the register refusing the platform, …), {@code feilet} (REST
 *     only: the register down, answered 503), {@code gitt-opp} (SFTP only: its attempts used up). Files received = the
 *     sum over {@code utfall}; an SFTP file is counted when its answer is written, so a retried file counts once.</li>
 * <li>{@code esb.vask.linjer{kanal, fagsystem, status}}: the lines of answered files by their status ({@link Vaskestatus}).</li>
 * <li>{@code esb.vask.forsoek.feilet{fagsystem}}: failed attempts at SFTP wash files (each is tried again after a wait,
 *     or given up after {@code vask.krav-maks-forsoek}).</li>
 * <li>{@code esb.vask.oppbevaring.slettet{type}}: files the nightly retention deleted ({@link VaskRydding}): {@code svar}
 *     and {@code avvist} from {@code vask/ut}, {@code behandlet} from {@code vask/inn/.behandlet}, {@code krav} the claims
 *     ({@code vask_krav} rows, not files) past retention; a run whose login or a
 *     fagsystem's folders failed adds one to {@code esb.alarm{kilde=vask-oppbevaring}}.</li>
 * </ul>
 */
@Component
public class VaskMaalinger {

    static final String FILER = "esb.vask.filer";
    static final String LINJER = "esb.vask.linjer";
    static final String FEILEDE_FORSOEK = "esb.vask.forsoek.feilet";
    static final String OPPBEVARING_SLETTET = "esb.vask.oppbevaring.slettet";

    /** What became of one wash file, as counted. */
    public enum Utfall {
        BESVART("besvart"), AVVIST("avvist"), FEILET("feilet"), GITT_OPP("gitt-opp");

        final String tag;

        Utfall(String tag) {
            this.tag = tag;
        }
    }

    /** A file's outcome waiting to be counted (over SFTP: once its answer is written). {@code linjer} empty unless answered. */
    public record Fil(String kanal, String fagsystem, Utfall utfall, Map<Vaskestatus, Integer> linjer) {
    }

    private final MeterRegistry registry;

    public VaskMaalinger(MeterRegistry registry) {
        this.registry = registry;
    }

    public void fil(Fil f) {
        String fagsystem = f.fagsystem() == null ? "-" : f.fagsystem();
        registry.counter(FILER, "kanal", f.kanal(), "fagsystem", fagsystem, "utfall", f.utfall().tag).increment();
        f.linjer().forEach((status, antall) ->
                registry.counter(LINJER, "kanal", f.kanal(), "fagsystem", fagsystem, "status", status.name()).increment(antall));
    }

    public void feiletForsoek(String fagsystem) {
        registry.counter(FEILEDE_FORSOEK, "fagsystem", fagsystem == null ? "-" : fagsystem).increment();
    }

    /** What a retention run deleted, by kind, and an alarm when a folder or the login failed. */
    public void oppbevaring(VaskRydding.Resultat r) {
        registry.counter(OPPBEVARING_SLETTET, "type", Vaskeoppbevaring.Slag.SVAR.tag).increment(r.svar());
        registry.counter(OPPBEVARING_SLETTET, "type", Vaskeoppbevaring.Slag.AVVIST.tag).increment(r.avvist());
        registry.counter(OPPBEVARING_SLETTET, "type", Vaskeoppbevaring.Slag.BEHANDLET.tag).increment(r.behandlet());
        registry.counter(OPPBEVARING_SLETTET, "type", "krav").increment(r.krav());
        if (r.feil() > 0) {
            registry.counter("esb.alarm", "kilde", VaskRydding.LAAS).increment();
        }
    }
}
