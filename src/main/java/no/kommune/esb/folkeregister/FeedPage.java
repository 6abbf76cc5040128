package no.kommune.esb.folkeregister;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of the event feed (at most 1000 entries) with the ETag to send back as If-None-Match.
 * {@link #notModified()} is true when the register answered 304: nothing new since that ETag.
 */
public record FeedPage(List<FeedHendelse> hendelser, String etag, boolean notModified) {

    public FeedPage {
        hendelser = List.copyOf(hendelser);
    }

    static FeedPage unchanged(String etag) {
        return new FeedPage(List.of(), etag, true);
    }

    /** The highest sekvensnummer on the page, empty when the page is empty. */
    public OptionalLong lastSekvensnummer() {
        return hendelser.stream().mapToLong(FeedHendelse::sekvensnummer).max();
    }

    /** Where the next read starts ({@code seq} is inclusive): one past the last entry, else {@code fromSeq}. */
    public long nextSeq(long fromSeq) {
        OptionalLong last = lastSekvensnummer();
        return last.isPresent() ? Math.max(fromSeq, last.getAsLong() + 1) : fromSeq;
    }
}
