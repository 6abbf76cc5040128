package no.kommune.esb.simulator.population;

/**
 * One entry of the simulated Folkeregisteret event feed: sequence number, the person's identifier at the
 * time, the {@code hendelsetype} from freg.yaml, when it was registered, and document ids.
 */
public record FeedEvent(long sekvensnummer, String folkeregisteridentifikator, String hendelsetype, long ajourholdEpochMillis,
                        String hendelsesdokument, String persondokument) {

    @Override
    public String toString() {
        return "FeedEvent[" + sekvensnummer + ", " + hendelsetype + "]";
    }
}
