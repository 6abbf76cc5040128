package no.kommune.esb.folkeregister;

import no.kommune.esb.model.Identitetsnummer;

import java.util.List;

/**
 * One batch of an extract ({@code UttrekkDataResponse}). A tailored extract gives identity numbers, a
 * complete extract gives person-document ids ({@code dokumentidentifikator}); the answer {@code {}} ends the
 * extract ({@link #end()}). Numbers that fail validation are counted in {@link #invalid()}, not passed on.
 */
public record UttrekkBatch(int nummer, List<Identitetsnummer> identitetsnumre, List<String> dokumentidentifikatorer,
                           int invalid, boolean end) {

    public UttrekkBatch {
        identitetsnumre = List.copyOf(identitetsnumre);
        dokumentidentifikatorer = List.copyOf(dokumentidentifikatorer);
    }

    @Override
    public String toString() {
        return "UttrekkBatch[" + nummer + ", ids=" + identitetsnumre.size() + ", dokumenter=" + dokumentidentifikatorer.size()
                + ", invalid=" + invalid + (end ? ", end" : "") + "]";
    }
}
