package no.kommune.esb.simulator.fagsystem;

import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /sim/fagsystem/{id}/hendelser} receives one register-event delivery, {@code POST
 * /sim/fagsystem/{id}/forsendelsesstatus} one letter status message (401 without the configured bearer token; faults
 * at {@code /sim/admin/faults/fagsystem-{id}/{hendelser|forsendelsesstatus}}; Basic login as {@code <id>} with the token
 * as password is accepted too, as Camel's HTTP endpoint sends that preemptively); {@code GET} lists what arrived,
 * {@code DELETE} forgets it.
 */
@RestController
public class FagsystemWebhookSimulator {

    /** One received delivery; {@code meldingId} is the status message's de-duplication header (null for events). */
    public record Mottatt(String sekvensnummer, String contentType, String body, String meldingId) {
    }

    private final Map<String, List<Mottatt>> mottatt = new ConcurrentHashMap<>();
    private final FaultInjector faults;
    private final String token;

    public FagsystemWebhookSimulator(FaultInjector faults, @Value("${simulator.fagsystem.token:lokal-barnevern-token}") String token) {
        this.faults = faults;
        this.token = token;
    }

    @PostMapping("/sim/fagsystem/{id}/{strom:hendelser|forsendelsesstatus}")
    public ResponseEntity<Void> motta(@PathVariable String id, @PathVariable String strom,
                                      @RequestHeader(value = "Authorization", required = false) String auth,
                                      @RequestHeader(value = "esb-sekvensnummer", required = false) String seq,
                                      @RequestHeader(value = "esbMeldingId", required = false) String meldingId,
                                      @RequestHeader(value = "Content-Type", required = false) String contentType,
                                      @RequestBody String body) {
        try {
            faults.before("fagsystem-" + id, strom);
        } catch (SimulatedFault f) {
            // a throttled answer says when to come back, in whole seconds (RFC 9110 10.2.3), as a web server would
            return f.retryAfterMs() > 0
                    ? ResponseEntity.status(f.status()).header("Retry-After", String.valueOf((f.retryAfterMs() + 999) / 1000)).build()
                    : ResponseEntity.status(f.status()).build();
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((id + ":" + token).getBytes(StandardCharsets.UTF_8));
        if (!("Bearer " + token).equals(auth) && !basic.equals(auth)) {
            return ResponseEntity.status(401).build();
        }
        // appended under the list's lock: a copy-on-write list copied every delivery before it on each post
        List<Mottatt> liste = mottatt.computeIfAbsent(id + "/" + strom, k -> new ArrayList<>());
        synchronized (liste) {
            liste.add(new Mottatt(seq, contentType, body, meldingId));
        }
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/sim/fagsystem/{id}/{strom:hendelser|forsendelsesstatus}")
    public List<Mottatt> liste(@PathVariable String id, @PathVariable String strom) {
        List<Mottatt> liste = mottatt.getOrDefault(id + "/" + strom, List.of());
        synchronized (liste) {
            return List.copyOf(liste);
        }
    }

    @DeleteMapping("/sim/fagsystem/{id}/{strom:hendelser|forsendelsesstatus}")
    public ResponseEntity<Void> glem(@PathVariable String id, @PathVariable String strom) {
        mottatt.remove(id + "/" + strom);
        return ResponseEntity.noContent().build();
    }
}
