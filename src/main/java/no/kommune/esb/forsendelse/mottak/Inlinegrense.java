package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How large a hand-in whose documents are inline as base64 in one JSON text (an SFTP manifest, a JMS message) may be,
 * and the JSON reader that takes one. The one place for both channels: Jackson refuses strings over 20 million
 * characters by default, so with its default reader a legal inline document over ~15 MB reads as "no JSON" and is
 * refused as "metadata mangler".
 */
final class Inlinegrense {

    /** Room beside the inline documents: the metadata's own fields are a few kilobytes at most. */
    static final long METADATA_ROM = 64 * 1024;

    private Inlinegrense() {
    }

    /** Characters of MIME base64 (lines of 76 and a line break) for {@code bytes} bytes: what one inline document may take. */
    static long base64Lengde(long bytes) {
        long tegn = 4 * ((bytes + 2) / 3);
        return tegn + 2 * (tegn / 76 + 1);
    }

    /** The largest JSON text holding one inline document of at most {@code maksDokumentBytes}. */
    static long maksBytes(long maksDokumentBytes) {
        return base64Lengde(maksDokumentBytes) + METADATA_ROM;
    }

    /**
     * A copy of {@code json} whose reader takes strings as long as {@link #maksBytes} (the limits on numbers and nesting
     * stay) and refuses a key given twice: {@code {"avsenderSystem":"a","avsenderSystem":"b"}} means one thing to this
     * reader (the last) and another to a sender's tools that keep the first, so such metadata is not JSON to the intake.
     */
    static ObjectMapper leser(ObjectMapper json, long maksDokumentBytes) {
        ObjectMapper kopi = json.copy();
        kopi.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        kopi.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, maksBytes(maksDokumentBytes))).build());
        return kopi;
    }
}
