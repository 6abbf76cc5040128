package no.kommune.esb.uttrekk;

import java.time.LocalDate;
import java.util.UUID;

/**
 * One run of an order as the {@code uttrekk} table holds it (V18): where it is and what a resume needs.
 *
 * @param batchFerdig     the last batch whose rows are in the work file (-1: none)
 * @param arbeidsfilBytes the work file's length after that batch
 * @param bulkoppslag     Folkeregisteret bulk look-ups made for the finished batches
 * @param ulesbare        rows left out or marked because a document in Folkeregisteret's answer cannot be read (V75)
 * @param lesing          how many times the rows were read again because a delivery was not done in the round that
 *                        read them (V42; 0: the first reading)
 */
public record Uttrekkskjoering(UUID id, String navn, String fagsystem, String kilde, String bestilling, LocalDate dato,
                               Status status, String jobbId, int batchFerdig, long arbeidsfilBytes, int personerLest,
                               int rader, int utelatt, int ikkeFunnet, int bulkoppslag, boolean alleLest, String filnavn, Long filBytes,
                               java.time.Instant levert, int forsoek, String feil, java.time.Instant opprettet, int lesing, int ulesbare) {

    /** BESTILT → HENTER (batches into the work file) → LEVERER (file written, being delivered) → LEVERT; or FEILET. */
    public enum Status { BESTILT, HENTER, LEVERER, LEVERT, FEILET }
}
