package no.kommune.esb.proaktiv;

import no.kommune.esb.hendelser.Meldingsmappinger;
import no.kommune.esb.hendelser.UgyldigKonfigurasjonException;
import no.kommune.esb.mapping.Mapping;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The triggers, as loaded at start-up or swapped in whole by a reload of {@code config/proaktiv/} ({@link #erstatt}), and
 * whether each is switched on (its file's {@code aktiv}, unless overridden). A reader takes {@link #alle()} once per
 * round and sees either the old set or the new one. It also hands the delivery the mapping of each trigger's message kind
 * ({@link Meldingsmappinger}), as live at each delivery attempt.
 */
public final class UtloeserRegistry implements Meldingsmappinger {

    private volatile List<Utloeser> utloesere;
    private final Map<String, Boolean> overstyrt = new ConcurrentHashMap<>();

    UtloeserRegistry(List<Utloeser> utloesere, Map<String, Boolean> overstyrt) {
        this.utloesere = List.copyOf(utloesere);
        this.overstyrt.putAll(overstyrt);
    }

    /** Loads and validates every trigger; any problem stops the start with all of them listed. */
    public static UtloeserRegistry last(ProaktivProperties properties, Collection<String> avsendersystemer, UtloeserLoader.Fagsystemer fagsystemer) {
        UtloeserLoader.Resultat r = UtloeserLoader.last(properties.utloesereDir(), avsendersystemer, fagsystemer);
        if (!r.problemer().isEmpty()) {
            throw new UgyldigKonfigurasjonException(r.problemer());
        }
        return new UtloeserRegistry(r.utloesere(), properties.overstyrAktiv());
    }

    public List<Utloeser> alle() {
        return utloesere;
    }

    public Optional<Utloeser> finn(String navn) {
        return utloesere.stream().filter(u -> u.navn().equals(navn)).findFirst();
    }

    @Override
    public Optional<Mapping> mapping(String melding) {
        return utloesere.stream().filter(u -> u.melding() != null && u.meldingstype().equals(melding)).findFirst().map(u -> u.melding().mapping());
    }

    public boolean aktiv(Utloeser u) {
        return overstyrt.getOrDefault(u.navn(), u.aktiv());
    }

    /** Puts a validated set of triggers live in one step (an edit of {@code config/proaktiv/}, e.g. {@code aktiv: false}). */
    public void erstatt(List<Utloeser> nye) {
        utloesere = List.copyOf(nye);
    }

    /** Overrides a trigger's switch until restart; the end-to-end tests switch a shipped trigger on for their own events. */
    void overstyrAktiv(String navn, boolean aktiv) {
        overstyrt.put(navn, aktiv);
    }
}
