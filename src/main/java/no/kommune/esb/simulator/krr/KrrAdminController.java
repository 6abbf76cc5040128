package no.kommune.esb.simulator.krr;

import no.kommune.esb.simulator.population.KrrUpdate;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /sim/admin/krr/personer/{id}} with a {@link KrrUpdate} body changes a person's KRR entry at once,
 * so tests can change reservation, status or contact data between two dispatches. Answers 204, 400 or 404.
 */
@RestController
public class KrrAdminController {

    private final SyntheticPopulation population;

    public KrrAdminController(SyntheticPopulation population) {
        this.population = population;
    }

    @PutMapping("/sim/admin/krr/personer/{id}")
    public ResponseEntity<Void> update(@PathVariable String id, @RequestBody KrrUpdate update) {
        if (population.byId(id).isEmpty()) {
            throw new KrrException(404, "unknown person");
        }
        try {
            population.updateKrr(id, update);
        } catch (IllegalArgumentException e) {
            throw new KrrException(400, e.getMessage());
        }
        return ResponseEntity.noContent().build();
    }
}
