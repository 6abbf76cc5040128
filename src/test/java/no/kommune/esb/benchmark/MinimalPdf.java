package no.kommune.esb.benchmark;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes a valid one-page A4 PDF (catalog, pages, page, Helvetica, one line of text) with a correct xref table. */
final class MinimalPdf {

    private MinimalPdf() {
    }

    static byte[] enSide(String tekst) {
        String innhold = "BT /F1 12 Tf 72 770 Td (" + tekst.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj ET";
        List<String> objekter = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                "<< /Length " + innhold.getBytes(StandardCharsets.US_ASCII).length + " >>\nstream\n" + innhold + "\nendstream");
        ByteArrayOutputStream ut = new ByteArrayOutputStream();
        skriv(ut, "%PDF-1.4\n");
        List<Integer> posisjoner = new ArrayList<>();
        for (int i = 0; i < objekter.size(); i++) {
            posisjoner.add(ut.size());
            skriv(ut, (i + 1) + " 0 obj\n" + objekter.get(i) + "\nendobj\n");
        }
        int xref = ut.size();
        StringBuilder tabell = new StringBuilder("xref\n0 " + (objekter.size() + 1) + "\n0000000000 65535 f \n");
        posisjoner.forEach(p -> tabell.append(String.format("%010d 00000 n \n", p)));
        tabell.append("trailer\n<< /Size ").append(objekter.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        skriv(ut, tabell.toString());
        return ut.toByteArray();
    }

    private static void skriv(ByteArrayOutputStream ut, String s) {
        ut.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
