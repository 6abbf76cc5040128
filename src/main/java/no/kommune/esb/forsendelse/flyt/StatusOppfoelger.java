package no.kommune.esb.forsendelse.flyt;


import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.svarut.ForsendelseStatus;
import no.kommune.esb.svarut.SvarUtClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Follows sent letters in SvarUt: asks {@code status-sok} in batches for recipient letters that are not final,
 * records each change in the lifecycle and timeline, and returns the changes for the route to publish to the
 * sending fagsystem. Runs on one instance at a time ({@link PlatformLock}).
 */
@Component("statusOppfoelger")
public class StatusOppfoelger {

    private static final Logger log = LoggerFactory.getLogger(StatusOppfoelger.class);

    /** A status change as published to the fagsystem; carries no personal data. */
    public record Statusendring(UUID brevId, UUID mottakerbrevId, String avsenderSystem, String eksternReferanse,
                                String status, String svarUtStatus, UUID svarUtId, Instant tid) {
    }

    private final MottakerbrevRepository repository;
    private final SvarUtClient svarUt;
    private final PlatformLock lock;
    private final int batchSize;

    public StatusOppfoelger(MottakerbrevRepository repository, SvarUtClient svarUt, PlatformLock lock,
                            @Value("${forsendelse.status.batch-size:500}") int batchSize) {
        this.repository = repository;
        this.svarUt = svarUt;
        this.lock = lock;
        this.batchSize = batchSize;
    }

    /** One polling round; the changes found (empty when nothing changed or another instance is polling). */
    public List<Statusendring> poll() {
        return lock.runExclusively("forsendelse-status", this::pollRound).orElse(List.of());
    }

    private List<Statusendring> pollRound() {
        List<MottakerbrevRepository.Fulgt> fulgte = repository.fulgteISvarUt(batchSize);
        if (fulgte.isEmpty()) {
            return List.of();
        }
        Map<UUID, ForsendelseStatus> statuser = svarUt.statusSok(fulgte.stream().map(MottakerbrevRepository.Fulgt::svarutId).collect(Collectors.toList()));
        List<Statusendring> endringer = new ArrayList<>();
        for (MottakerbrevRepository.Fulgt f : fulgte) {
            ForsendelseStatus s = statuser.get(f.svarutId());
            if (s == null || s.status() == null) {
                continue;
            }
            Mottakerstatus ny = Mottakerstatus.fra(s.status());
            if (ny != f.status()) {
                Instant tid = s.sisteStatusEndring() != null ? s.sisteStatusEndring().toInstant() : Instant.now();
                repository.nyStatus(f.id(), f.brevId(), s.status().name(), ny, tid);
                endringer.add(new Statusendring(f.brevId(), f.id(), f.avsenderSystem(), f.eksternReferanse(), ny.name(),
                        s.status().name(), f.svarutId(), tid));
            }
        }
        if (!endringer.isEmpty()) {
            log.info("SvarUt status round: {} followed, {} changed", fulgte.size(), endringer.size());
        }
        return endringer;
    }
}
