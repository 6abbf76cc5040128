package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What "the same letter" means when an {@code eksternReferanse} comes again: SHA-256 fingerprints of what the platform
 * stores and sends, kept with the letter ({@code brev.metadata_sha256}, {@code brev.dokumenter_sha256}).
 * <ul>
 *   <li>{@code metadata}: avsenderSystem, eksternReferanse, tittel, mottaker, brevtype, gjelderBarn (absent = false),
 *       varseltekst (trimmed) and each document's filnavn and mimeType (trimmed), in order; other JSON fields, key
 *       order and white space between tokens do not count;</li>
 *   <li>{@code dokumenter}: each document's content, in order.</li>
 * </ul>
 * Pure. The values are read as the validator reads them, so {@link #metadata(JsonNode)} of a hand-in and
 * {@link #av(Innlevering)} of the letter validated from it agree.
 */
public record Innholdsavtrykk(String metadata, String dokumenter) {

    /** The fingerprints of a validated letter. */
    public static Innholdsavtrykk av(Innlevering brev) {
        List<String[]> dokumenter = new ArrayList<>();
        MessageDigest innhold = sha256();
        for (Innlevering.Dokument d : brev.dokumenter()) {
            dokumenter.add(new String[]{d.filnavn(), d.mimeType()});
            innhold.update(sha256().digest(d.innhold() == null ? new byte[0] : d.innhold()));
        }
        String metadata = metadata(brev.avsenderSystem(), brev.eksternReferanse(), brev.tittel(), brev.mottaker(),
                brev.brevtype() == null ? null : brev.brevtype().name(), brev.gjelderBarn(), brev.varseltekst(), dokumenter);
        return new Innholdsavtrykk(metadata, HexFormat.of().formatHex(innhold.digest()));
    }

    /**
     * The metadata fingerprint of a hand-in's JSON whose documents are not at hand (an SFTP manifest sent again after
     * its PDFs moved away).
     */
    public static String metadata(JsonNode m) {
        List<String[]> dokumenter = new ArrayList<>();
        for (JsonNode d : m.path("dokumenter")) {
            String mime = tekst(d, "mimeType");
            dokumenter.add(new String[]{tekst(d, "filnavn"), mime == null ? InnleveringValidator.PDF : mime.trim()});
        }
        String varseltekst = tekst(m, "varseltekst");
        return metadata(tekst(m, "avsenderSystem"), tekst(m, "eksternReferanse"), tekst(m, "tittel"), tekst(m, "mottaker"),
                tekst(m, "brevtype"), m.path("gjelderBarn").isBoolean() && m.get("gjelderBarn").booleanValue(), varseltekst == null ? null : varseltekst.strip(), dokumenter);
    }

    private static String metadata(String avsender, String referanse, String tittel, String mottaker, String brevtype,
                                   boolean gjelderBarn, String varseltekst, List<String[]> dokumenter) {
        StringBuilder s = new StringBuilder();
        for (String v : new String[]{avsender, referanse, tittel, mottaker, brevtype, String.valueOf(gjelderBarn), varseltekst}) {
            felt(s, v);
        }
        for (String[] d : dokumenter) {
            felt(s, d[0]);
            felt(s, d[1]);
        }
        return HexFormat.of().formatHex(sha256().digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Length-prefixed, so no two different lists of values give the same text. */
    private static void felt(StringBuilder s, String v) {
        if (v == null) {
            s.append("-;");
        } else {
            s.append(v.length()).append(':').append(v).append(';');
        }
    }

    private static String tekst(JsonNode node, String felt) {
        JsonNode v = node.get(felt);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
