package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A manifest from an SFTP drop folder, read for what it asks of the folder: each document either names a PDF in
 * the same folder ({@code dokumenter[].fil}) or carries its content inline as base64 ({@code dokumenter[].innhold},
 * the JMS format). Pure: the caller reads the named files. The metadata handed on to the validator gets
 * {@code filnavn} = {@code fil} where the manifest left {@code filnavn} out. Messages name documents by position,
 * never by file name.
 */
final class SftpManifest {

    /** NAME_MAX of Linux file systems (ext4, xfs) and of most SFTP servers: a longer name cannot exist in the folder. */
    static final int MAKS_FILNAVN_BYTE = 255;

    /** Document {@code indeks} (0-based): read file {@code fil} from the folder, or use {@code innhold} when fil is null. */
    record Dokument(int indeks, String filnavn, String fil, byte[] innhold) {
        @Override
        public String toString() {
            return "Dokument[indeks=" + indeks + ", fraFil=" + (fil != null) + "]";
        }
    }

    private final JsonNode metadata;
    private final List<Dokument> dokumenter;
    private final List<InnleveringFeil> feil;
    private final Set<Integer> avvisteDokumenter;

    private SftpManifest(JsonNode metadata, List<Dokument> dokumenter, List<InnleveringFeil> feil, Set<Integer> avvisteDokumenter) {
        this.metadata = metadata;
        this.dokumenter = List.copyOf(dokumenter);
        this.feil = List.copyOf(feil);
        this.avvisteDokumenter = Set.copyOf(avvisteDokumenter);
    }

    /** Reads the documents of {@code metadata} (null when the manifest is not JSON); {@code manifestnavn} may not be named as a document. */
    static SftpManifest les(JsonNode metadata, String manifestnavn) {
        List<Dokument> dokumenter = new ArrayList<>();
        List<InnleveringFeil> feil = new ArrayList<>();
        Set<Integer> avvist = new LinkedHashSet<>();
        if (metadata == null || !metadata.isObject() || !metadata.path("dokumenter").isArray()) {
            return new SftpManifest(metadata, dokumenter, feil, avvist);
        }
        ObjectNode kopi = metadata.deepCopy();
        JsonNode liste = kopi.get("dokumenter");
        Map<String, Integer> brukteFiler = new HashMap<>();
        for (int i = 0; i < liste.size(); i++) {
            if (!(liste.get(i) instanceof ObjectNode d)) {
                continue;
            }
            String peker = "/dokumenter/" + i;
            String hvem = "dokument " + (i + 1) + ": ";
            JsonNode fil = d.get("fil");
            if (fil != null && fil.isTextual() && !fil.asText().isBlank()) {
                String navn = fil.asText();
                Integer tidligere = brukteFiler.putIfAbsent(navn, i);
                if (!erFilnavnIMappen(navn) || navn.equals(manifestnavn)) {
                    feil.add(new InnleveringFeil(peker + "/fil", hvem + "fil må være navnet på en PDF i samme mappe (uten mappe, ikke skjult, ikke manifestet, høyst "
                            + MAKS_FILNAVN_BYTE + " byte)"));
                    avvist.add(i);
                } else if (tidligere != null) {
                    feil.add(new InnleveringFeil(peker + "/fil", hvem + "samme fil som dokument " + (tidligere + 1)));
                    avvist.add(i);
                } else {
                    if (!d.path("filnavn").isTextual() || d.path("filnavn").asText().isBlank()) {
                        d.put("filnavn", navn);
                    }
                    dokumenter.add(new Dokument(i, d.get("filnavn").asText(), navn, null));
                }
            } else if (d.path("innhold").isTextual()) {
                try {
                    byte[] innhold = Base64.getMimeDecoder().decode(d.get("innhold").asText());
                    dokumenter.add(new Dokument(i, d.path("filnavn").asText(null), null, innhold));
                } catch (IllegalArgumentException e) {
                    feil.add(new InnleveringFeil(peker + "/innhold", hvem + "innhold er ikke gyldig base64"));
                    avvist.add(i);
                }
            } else {
                feil.add(new InnleveringFeil(peker + "/fil", hvem + "fil (en PDF i samme mappe) eller innhold (base64) mangler"));
                avvist.add(i);
            }
        }
        return new SftpManifest(kopi, dokumenter, feil, avvist);
    }

    /**
     * A plain name in the same folder: no path, not hidden, only characters a text field may hold ({@link Teksttegn}),
     * and at most {@value #MAKS_FILNAVN_BYTE} bytes, the longest name a file system holds (a longer one made every look
     * at the folder fail, so the manifest went back to inn/ at every poll instead of being refused).
     */
    static boolean erFilnavnIMappen(String navn) {
        return !navn.startsWith(".") && Teksttegn.ugyldig(navn, Teksttegn.Felt.TEKST) == null && navn.chars().noneMatch(c -> c == '/' || c == '\\')
                && navn.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAKS_FILNAVN_BYTE;
    }

    /** The metadata for the validator: as handed in, with {@code filnavn} filled in from {@code fil}. */
    JsonNode metadata() {
        return metadata;
    }

    /** The documents that could be taken from the manifest, in order (some may still turn out missing in the folder). */
    List<Dokument> dokumenter() {
        return dokumenter;
    }

    /** What is wrong with the manifest's document list itself. */
    List<InnleveringFeil> feil() {
        return feil;
    }

    /** Indexes of documents already reported in {@link #feil()}. */
    Set<Integer> avvisteDokumenter() {
        return avvisteDokumenter;
    }

    /** Names of the folder's files this manifest names (valid names only), to move together with it. */
    List<String> filer() {
        return dokumenter.stream().map(Dokument::fil).filter(f -> f != null).toList();
    }
}
