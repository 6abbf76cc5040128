package no.kommune.esb.platform.konfig;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which version of each watched config file is live, and why an edit was refused. Written by the watcher
 * ({@link Konfigurasjonsovervaaker}), read by {@code GET /api/konfig} and the console.
 */
public class Konfigurasjonsstatus {

    private final Map<String, Konfigfil> filer = new ConcurrentHashMap<>();

    /** Every watched file, ordered by path. */
    public List<Konfigfil> filer() {
        return filer.values().stream().sorted(Comparator.comparing(Konfigfil::sti)).toList();
    }

    /** The version with {@code sjekksum} runs since {@code lastet}. */
    void live(String sti, String sjekksum, Instant lastet) {
        filer.put(sti, new Konfigfil(sti, sjekksum, lastet, Konfigfil.LIVE, List.of()));
    }

    /** The file on disk was refused; the live version (if any) stays, with its checksum and time. */
    void ugyldig(String sti, List<String> feil) {
        filer.compute(sti, (s, naa) -> new Konfigfil(s, naa == null ? null : naa.sjekksum(), naa == null ? null : naa.lastet(),
                Konfigfil.UGYLDIG, feil));
    }

    /** The file is gone and nothing of it runs any more. */
    void fjernet(String sti) {
        filer.remove(sti);
    }

    Konfigfil fil(String sti) {
        return filer.get(sti);
    }
}
