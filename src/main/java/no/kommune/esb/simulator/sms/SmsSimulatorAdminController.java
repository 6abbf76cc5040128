package no.kommune.esb.simulator.sms;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/**
 * Test and admin view of the simulated SMS gateway: {@code GET /sim/admin/sms} lists every message taken (synthetic
 * numbers only), {@code POST /sim/admin/sms/{id}/status {"status":"FAILED"}} sets a delivery report, {@code DELETE}
 * forgets everything.
 */
@RestController
@RequestMapping("/sim/admin/sms")
public class SmsSimulatorAdminController {

    private static final Set<String> STATUSER = Set.of("ACCEPTED", "SENT", "DELIVERED", "FAILED", "EXPIRED");

    private final SmsGatewaySimulator gateway;

    public SmsSimulatorAdminController(SmsGatewaySimulator gateway) {
        this.gateway = gateway;
    }

    /** One message as listed. */
    public record Oversikt(String id, String referanse, String fra, String til, String tekst, String status, String mottatt) {
    }

    /** Body of a status change. */
    public record NyStatus(String status) {
    }

    @GetMapping
    public List<Oversikt> liste() {
        return gateway.alle().stream()
                .map(m -> new Oversikt(m.id(), m.referanse(), m.fra(), m.til(), m.tekst(), gateway.status(m), m.mottatt().toString()))
                .toList();
    }

    @PostMapping("/{id}/status")
    public ResponseEntity<Void> settStatus(@PathVariable String id, @RequestBody NyStatus ny) {
        if (ny == null || ny.status() == null || !STATUSER.contains(ny.status())) {
            throw new SmsSimFeil(400, "INVALID_STATUS", "status must be one of " + STATUSER);
        }
        if (!gateway.settStatus(id, ny.status())) {
            throw new SmsSimFeil(404, "NOT_FOUND", "no message with that id");
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    public ResponseEntity<Void> nullstill() {
        gateway.nullstill();
        return ResponseEntity.noContent().build();
    }
}
