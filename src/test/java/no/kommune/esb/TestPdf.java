package no.kommune.esb;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDSimpleFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionImportData;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionSubmitForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * PDFs for the tests, made with PDFBox here: a valid one-page letter, and the hostile kinds the intake must refuse
 * (JavaScript in several places, encryption, embedded files, cut off, not a PDF at all).
 */
public final class TestPdf {

    private TestPdf() {
    }

    /** A valid A4 page showing {@code tekst}; different texts give different bytes. */
    public static byte[] gyldig(String tekst) {
        return lag(tekst, d -> { });
    }

    /** A valid page plus at least {@code bytes} bytes of incompressible filler in a stream nothing draws. */
    public static byte[] stor(int bytes) {
        return lag("stor", d -> {
            byte[] fyll = new byte[bytes];
            new Random(7).nextBytes(fyll);
            COSStream stroem = d.getDocument().createCOSStream();
            try (OutputStream ut = stroem.createRawOutputStream()) {
                ut.write(fyll);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            d.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("Fyll"), stroem);
        });
    }

    /** Runs JavaScript when opened (the catalog's /OpenAction). */
    public static byte[] medJavaScriptVedAapning() {
        return lag("skript", d -> d.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('hei');")));
    }

    /** JavaScript in the document's JavaScript name tree. */
    public static byte[] medJavaScriptINavnetreet() {
        return lag("skript i navnetre", d -> {
            PDJavascriptNameTreeNode tre = new PDJavascriptNameTreeNode();
            tre.setNames(Map.of("init", new PDActionJavaScript("app.alert('hei');")));
            PDDocumentNameDictionary navn = new PDDocumentNameDictionary(d.getDocumentCatalog());
            navn.setJavascript(tre);
            d.getDocumentCatalog().setNames(navn);
        });
    }

    /** JavaScript behind a link on the page. */
    public static byte[] medJavaScriptILenke() {
        return lag("skript i lenke", d -> {
            PDAnnotationLink lenke = new PDAnnotationLink();
            lenke.setRectangle(new PDRectangle(72, 700, 100, 20));
            lenke.setAction(new PDActionJavaScript("this.print();"));
            leggTil(d, lenke);
        });
    }

    /** Launches a program when opened (the catalog's /OpenAction is a Launch action, ISO 32000 12.6.4.5). */
    public static byte[] medStartprogram() {
        return lag("start", d -> {
            PDSimpleFileSpecification program = new PDSimpleFileSpecification();
            program.setFile("C:\\Windows\\System32\\cmd.exe");
            PDActionLaunch start = new PDActionLaunch();
            start.setFile(program);
            d.getDocumentCatalog().setOpenAction(start);
        });
    }

    /** An XFA form: the AcroForm dictionary's /XFA holds the form's XML (ISO 32000 12.7.8), here as one stream. */
    public static byte[] medXfaSkjema() {
        return lag("xfa", d -> {
            PDAcroForm skjema = new PDAcroForm(d);
            COSStream xfa = d.getDocument().createCOSStream();
            try (OutputStream ut = xfa.createOutputStream()) {
                ut.write("<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"><template/></xdp:xdp>".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            skjema.getCOSObject().setItem(COSName.XFA, xfa);
            d.getDocumentCatalog().setAcroForm(skjema);
        });
    }

    /** A link whose action posts the form's fields to a server (SubmitForm, ISO 32000 12.7.5.2). */
    public static byte[] medSendSkjema() {
        return lag("send skjema", d -> {
            PDSimpleFileSpecification mottaker = new PDSimpleFileSpecification();
            mottaker.setFile("https://example.invalid/samle-inn");
            PDActionSubmitForm send = new PDActionSubmitForm();
            send.setFile(mottaker);
            PDAnnotationLink lenke = new PDAnnotationLink();
            lenke.setRectangle(new PDRectangle(72, 700, 100, 20));
            lenke.setAction(send);
            leggTil(d, lenke);
        });
    }

    /** Reads form data from a file on the reader's machine when opened (ImportData, ISO 32000 12.7.5.4). */
    public static byte[] medHentData() {
        return lag("hent data", d -> {
            PDSimpleFileSpecification fil = new PDSimpleFileSpecification();
            fil.setFile("data.fdf");
            PDActionImportData hent = new PDActionImportData();
            hent.setFile(fil);
            d.getDocumentCatalog().setOpenAction(hent);
        });
    }

    /** A file in the EmbeddedFiles name tree. */
    public static byte[] medInnebygdFil() {
        return lag("innebygd fil", d -> {
            PDEmbeddedFilesNameTreeNode tre = new PDEmbeddedFilesNameTreeNode();
            tre.setNames(Map.of("vedlegg.txt", filspesifikasjon(d)));
            PDDocumentNameDictionary navn = new PDDocumentNameDictionary(d.getDocumentCatalog());
            navn.setEmbeddedFiles(tre);
            d.getDocumentCatalog().setNames(navn);
        });
    }

    /** A file attachment annotation on the page. */
    public static byte[] medFilvedlegg() {
        return lag("filvedlegg", d -> {
            PDAnnotationFileAttachment vedlegg = new PDAnnotationFileAttachment();
            vedlegg.setRectangle(new PDRectangle(72, 700, 20, 20));
            vedlegg.setFile(filspesifikasjon(d));
            leggTil(d, vedlegg);
        });
    }

    /** Encrypted with an owner password and an empty user password: every reader opens it, yet it is encrypted. */
    public static byte[] kryptert() {
        return kryptert("");
    }

    /** Encrypted with a user password: nobody can open it without it. */
    public static byte[] passordbeskyttet() {
        return kryptert("hemmelig");
    }

    /** The first half of a valid PDF, as an interrupted upload leaves it. */
    public static byte[] avkortet() {
        byte[] hel = gyldig("avkortet");
        return Arrays.copyOf(hel, hel.length / 2);
    }

    /** Starts like a PDF and is nothing more. */
    public static byte[] bareStarten() {
        return "%PDF-garbage\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] kryptert(String brukerpassord) {
        return lag("kryptert", d -> {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("eier", brukerpassord, new AccessPermission());
            policy.setEncryptionKeyLength(128);
            try {
                d.protect(policy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static PDComplexFileSpecification filspesifikasjon(PDDocument d) {
        try {
            PDEmbeddedFile fil = new PDEmbeddedFile(d, new ByteArrayInputStream("hei".getBytes(StandardCharsets.US_ASCII)));
            fil.setSubtype("text/plain");
            PDComplexFileSpecification spesifikasjon = new PDComplexFileSpecification();
            spesifikasjon.setFile("vedlegg.txt");
            spesifikasjon.setEmbeddedFile(fil);
            return spesifikasjon;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void leggTil(PDDocument d, PDAnnotation annotasjon) {
        d.getPage(0).setAnnotations(List.of(annotasjon));
    }

    private static byte[] lag(String tekst, Consumer<PDDocument> endring) {
        try (PDDocument d = new PDDocument()) {
            PDPage side = new PDPage(PDRectangle.A4);
            d.addPage(side);
            try (PDPageContentStream innhold = new PDPageContentStream(d, side)) {
                innhold.beginText();
                innhold.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                innhold.newLineAtOffset(72, 770);
                innhold.showText(tekst);
                innhold.endText();
            }
            endring.accept(d);
            ByteArrayOutputStream ut = new ByteArrayOutputStream();
            d.save(ut);
            return ut.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
