package no.kommune.esb.simulator.fault;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code PUT /sim/admin/faults/{service}/{endpoint}} sets a {@link FaultSpec} (endpoint {@code *} = all of the
 * service), {@code DELETE} clears one or all, {@code GET} lists them. Services: folkeregisteret, krr,
 * maskinporten, svarut, matrikkel, nhn-persontjenesten, nhn-flr, nhn-ar, sms.
 */
@RestController
@RequestMapping("/sim/admin/faults")
public class FaultAdminController {

    private final FaultInjector faults;

    public FaultAdminController(FaultInjector faults) {
        this.faults = faults;
    }

    @GetMapping
    public Map<String, FaultSpec> list() {
        return faults.all();
    }

    @PutMapping("/{service}/{endpoint}")
    public ResponseEntity<Void> set(@PathVariable String service, @PathVariable String endpoint, @RequestBody FaultSpec spec) {
        faults.set(service, endpoint, spec);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{service}/{endpoint}")
    public ResponseEntity<Void> clear(@PathVariable String service, @PathVariable String endpoint) {
        faults.clear(service, endpoint);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    public ResponseEntity<Void> clearAll() {
        faults.clearAll();
        return ResponseEntity.noContent().build();
    }
}
