package no.kommune.esb.folkeregister;

import no.kommune.esb.model.Identitetsnummer;

import java.time.OffsetDateTime;

/**
 * One entry of the event feed ({@code LagretHendelseMedDokumentIdentifikatorer}).
 *
 * @param id                 the person's number; null when the register's value fails validation (the event is
 *                           still passed on, so one bad entry never blocks the feed)
 * @param hendelsetype       the raw type name as the feed spells it
 * @param type               the typed name, {@link Hendelsestype#UKJENT} for names the contract does not list
 * @param hendelsesdokument  key of the event document ({@code hendelser/{id}}), may be null
 * @param persondokument     key of the person document as it was after the event, may be null
 */
public record FeedHendelse(long sekvensnummer,
                           Identitetsnummer id,
                           String hendelsetype,
                           Hendelsestype type,
                           String hendelsesdokument,
                           String persondokument,
                           OffsetDateTime ajourholdstidspunkt) {

    @Override
    public String toString() {
        return "FeedHendelse[" + sekvensnummer + ", " + id + ", " + hendelsetype + "]";
    }
}
