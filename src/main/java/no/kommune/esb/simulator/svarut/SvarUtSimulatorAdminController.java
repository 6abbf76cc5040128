package no.kommune.esb.simulator.svarut;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Test and admin view of the simulated SvarUt: {@code GET /sim/admin/svarut/forsendelser} lists what was
 * received (no recipient data, no document bytes), {@code POST .../{id}/status {"status":"PRINTET"}} moves a
 * forsendelse on demand, {@code DELETE} forgets everything.
 */
@RestController
@RequestMapping("/sim/admin/svarut/forsendelser")
public class SvarUtSimulatorAdminController {

    private final SvarUtSimulator simulator;

    public SvarUtSimulatorAdminController(SvarUtSimulator simulator) {
        this.simulator = simulator;
    }

    /** One received forsendelse as listed. */
    public record Oversikt(UUID id, String eksternReferanse, String status, Instant mottatt, List<Fil> dokumenter) {
    }

    /** One received document as listed. */
    public record Fil(String filnavn, String mimeType, long storrelse, String sha256) {
    }

    /** Body of a status change. */
    public record NyStatus(String status) {
    }

    @GetMapping
    public List<Oversikt> liste() {
        return simulator.alle().stream()
                .map(f -> new Oversikt(f.id(), f.eksternReferanse(), f.siste().status().name(), f.mottatt(),
                        f.dokumenter().stream().map(d -> new Fil(d.filnavn(), d.mimeType(), d.storrelse(), d.sha256())).toList()))
                .toList();
    }

    @PostMapping("/{id}/status")
    public ResponseEntity<Void> settStatus(@PathVariable UUID id, @RequestBody NyStatus ny) {
        SvarUtSimulator.Status status;
        try {
            status = SvarUtSimulator.Status.valueOf(ny.status());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SvarUtSimFeil(400, "VALIDERINGSFEIL", "Ukjent status");
        }
        if (!simulator.settStatus(id, status)) {
            throw new SvarUtSimFeil(404, "FORSENDELSE_IKKE_FUNNET", "Fant ikke forsendelse " + id);
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    public ResponseEntity<Void> nullstill() {
        simulator.nullstill();
        return ResponseEntity.noContent().build();
    }

}
