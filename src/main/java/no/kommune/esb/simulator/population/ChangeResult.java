package no.kommune.esb.simulator.population;

import java.util.List;

/** What one change did: the events it appended to the feed. */
public record ChangeResult(ChangeKind kind, List<FeedEvent> events) {

    public List<Long> sekvensnumre() {
        return events.stream().map(FeedEvent::sekvensnummer).toList();
    }

    /** Identifiers of the persons the change touched, in event order, without duplicates. */
    public List<String> affectedIds() {
        return events.stream().map(FeedEvent::folkeregisteridentifikator).distinct().toList();
    }
}
