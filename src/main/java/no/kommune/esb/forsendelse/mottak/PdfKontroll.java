package no.kommune.esb.forsendelse.mottak;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Opens a handed-in document with Apache PDFBox and says what would stop SvarUt or its print service from taking it,
 * or makes it unsafe to pass on: not a PDF, cut off or unreadable, no pages, encrypted, JavaScript anywhere in it
 * (document open action, additional actions, the JavaScript name tree, annotation and form actions), a Launch action
 * (starts a program or opens a file on the reader's machine, wherever it hides), embedded files
 * (the EmbeddedFiles name tree, file attachment annotations, any file specification carrying a file), an XFA form
 * (a form the print service cannot render: what it prints is the static fallback page, not what the citizen would see),
 * and form actions that send or fetch data (SubmitForm, ImportData: a letter must not post a citizen's input to a
 * server or read a file into itself). The whole object
 * graph reachable from the trailer is walked, so an action hidden in an unusual place is found as well. Parsing keeps
 * at most {@link #MINNE} bytes of scratch data in memory and the rest in a temporary file that PDFBox deletes on close.
 * Messages never quote the document's content (a parser's message can), only what kind of problem it is.
 */
final class PdfKontroll {

    /** Scratch memory per parse before PDFBox spills to a temporary file. */
    static final long MINNE = 8L * 1024 * 1024;
    private static final byte[] MAGI = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SLUTT = "%%EOF".getBytes(StandardCharsets.US_ASCII);
    /** PDF readers look for %%EOF in the last 1024 bytes (ISO 32000 implementation note); past that the file was cut. */
    private static final int SLUTT_INNENFOR = 1024;
    private static final COSName FILVEDLEGG = COSName.getPDFName("FileAttachment");
    private static final COSName START = COSName.getPDFName("Launch");
    private static final COSName SEND_SKJEMA = COSName.getPDFName("SubmitForm");
    private static final COSName HENT_DATA = COSName.getPDFName("ImportData");

    private static final Logger log = LoggerFactory.getLogger(PdfKontroll.class);

    /** What is wrong with a document; {@link #kode()} is the problem type of the error, {@link #tekst()} says it to the sender. */
    enum Funn {
        IKKE_PDF("ikke-pdf", "innholdet er ikke en PDF (mangler %PDF-)"),
        AVKORTET("pdf-avkortet", "PDF-en er avkortet (slutter ikke med %%EOF); last den opp på nytt"),
        SKADET("pdf-skadet", "PDF-en kan ikke leses (skadet eller ikke en PDF)"),
        INGEN_SIDER("pdf-uten-sider", "PDF-en har ingen sider"),
        KRYPTERT("pdf-kryptert", "PDF-en er kryptert eller passordbeskyttet; SvarUt og utskrift tar bare imot ukrypterte PDF-er"),
        JAVASCRIPT("pdf-javascript", "PDF-en inneholder JavaScript, som SvarUt og utskrift ikke tar imot; lag PDF-en uten skript"),
        INNEBYGD_FIL("pdf-innebygd-fil", "PDF-en har innebygde filer; send hver fil som et eget dokument (PDF)"),
        STARTER_PROGRAM("pdf-starter-program", "PDF-en har en handling som starter et program eller åpner en fil (Launch), som SvarUt og utskrift ikke tar imot"),
        XFA_SKJEMA("pdf-xfa-skjema", "PDF-en er et XFA-skjema, som utskrift ikke kan gjengi; lagre den som vanlig PDF (flat ut skjemaet)"),
        SENDER_DATA("pdf-sender-data", "PDF-en har en skjemahandling som sender eller henter data (SubmitForm/ImportData), som SvarUt og utskrift ikke tar imot");

        private final String kode;
        private final String tekst;

        Funn(String kode, String tekst) {
            this.kode = kode;
            this.tekst = tekst;
        }

        String kode() {
            return kode;
        }

        String tekst() {
            return tekst;
        }
    }

    /** Everything found; empty when the document may be sent. Parsing stops at the first finding that makes the rest unreadable. */
    Set<Funn> kontroller(byte[] innhold) {
        if (innhold.length < MAGI.length || !Arrays.equals(innhold, 0, MAGI.length, MAGI, 0, MAGI.length)) {
            return EnumSet.of(Funn.IKKE_PDF);
        }
        if (!slutterMedEof(innhold)) {
            return EnumSet.of(Funn.AVKORTET);
        }
        try (PDDocument dokument = Loader.loadPDF(innhold, "", null, null, MemoryUsageSetting.setupMixed(MINNE).streamCache)) {
            if (dokument.isEncrypted()) {
                return EnumSet.of(Funn.KRYPTERT);
            }
            if (dokument.getNumberOfPages() == 0) {
                return EnumSet.of(Funn.INGEN_SIDER);
            }
            for (PDPage side : dokument.getPages()) {
                // a page tree with a broken entry throws here, as it would when SvarUt prints it
                side.getMediaBox();
            }
            return aktivtInnhold(dokument.getDocument().getTrailer());
        } catch (InvalidPasswordException e) {
            return EnumSet.of(Funn.KRYPTERT);
        } catch (IOException | RuntimeException e) {
            // the class only: a parser's message may quote bytes of the document
            log.debug("PDF could not be parsed: {}", e.getClass().getName());
            return EnumSet.of(Funn.SKADET);
        }
    }

    private static boolean slutterMedEof(byte[] innhold) {
        int fra = Math.max(0, innhold.length - SLUTT_INNENFOR);
        for (int i = innhold.length - SLUTT.length; i >= fra; i--) {
            if (Arrays.equals(innhold, i, i + SLUTT.length, SLUTT, 0, SLUTT.length)) {
                return true;
            }
        }
        return false;
    }

    /** Walks every object reachable from the trailer (iteratively: a hostile file may nest deeply) for scripts and files. */
    private static Set<Funn> aktivtInnhold(COSDictionary trailer) {
        Set<Funn> funn = EnumSet.noneOf(Funn.class);
        Set<COSBase> sett = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSBase> igjen = new ArrayDeque<>();
        igjen.push(trailer);
        while (!igjen.isEmpty()) {
            COSBase neste = igjen.pop();
            if (neste instanceof COSObject referanse) {
                neste = referanse.getObject();
            }
            if (neste == null || !sett.add(neste)) {
                continue;
            }
            if (neste instanceof COSArray liste) {
                liste.forEach(igjen::push);
            } else if (neste instanceof COSDictionary dict) {
                if (erJavaScript(dict)) {
                    funn.add(Funn.JAVASCRIPT);
                }
                if (erInnebygdFil(dict)) {
                    funn.add(Funn.INNEBYGD_FIL);
                }
                COSName handling = dict.getCOSName(COSName.S);
                if (START.equals(handling)) {
                    funn.add(Funn.STARTER_PROGRAM);
                }
                if (SEND_SKJEMA.equals(handling) || HENT_DATA.equals(handling)) {
                    funn.add(Funn.SENDER_DATA);
                }
                // /XFA belongs in the AcroForm dictionary; found in any dictionary, it is no less an XFA form
                if (dict.containsKey(COSName.XFA)) {
                    funn.add(Funn.XFA_SKJEMA);
                }
                for (var entry : dict.entrySet()) {
                    // the encryption dictionary and a page's parent are no content of their own
                    if (!COSName.ENCRYPT.equals(entry.getKey()) && !COSName.PARENT.equals(entry.getKey())) {
                        igjen.push(entry.getValue());
                    }
                }
            }
        }
        return funn;
    }

    /** A JavaScript action (also inside Rendition actions, which carry /JS), or the document's JavaScript name tree. */
    private static boolean erJavaScript(COSDictionary dict) {
        return COSName.JAVA_SCRIPT.equals(dict.getCOSName(COSName.S)) || dict.containsKey(COSName.JS) || dict.containsKey(COSName.JAVA_SCRIPT);
    }

    /** The EmbeddedFiles name tree, a file specification with an embedded file stream, a file attachment annotation. */
    private static boolean erInnebygdFil(COSDictionary dict) {
        return dict.containsKey(COSName.EMBEDDED_FILES) || dict.containsKey(COSName.EF)
                || COSName.EMBEDDED_FILE.equals(dict.getCOSName(COSName.TYPE))
                || FILVEDLEGG.equals(dict.getCOSName(COSName.SUBTYPE));
    }
}
