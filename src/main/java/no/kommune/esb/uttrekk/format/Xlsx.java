package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code XLSX}: one sheet, a bold header row that stays in view (frozen pane) with an auto-filter, set column widths,
 * dates as real date cells ({@code dd.mm.yyyy}). Apache POI's streaming SXSSF writer keeps only
 * {@link #VINDU} rows in memory and the rest in a temporary file, so an extract of any size runs in flat memory (up to
 * Excel's 1,048,575 rows a sheet). Columns: {@link Kolonner}; setting {@code vask: true} puts the wash columns first.
 */
@Component
public class Xlsx implements Uttrekksformat {

    /** The setting a wash sets to put its columns (line, asked id, status, remark) first. */
    public static final String VASK = "vask";
    /** Rows SXSSF keeps in memory before it writes them to its temporary file. */
    static final int VINDU = 200;
    /** Excel's last row (0-based index 1,048,575), the header taking the first. */
    private static final int MAKS_RADER = 1_048_575;

    @Override
    public String navn() {
        return "XLSX";
    }

    @Override
    public String filending() {
        return "xlsx";
    }

    @Override
    public String mediatype() {
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }

    @Override
    public Skriver aapne(OutputStream ut, Valg valg) {
        return new Ark(ut, Kolonner.av("true".equalsIgnoreCase(valg.innstillinger().get(VASK))), valg);
    }

    private static final class Ark implements Skriver {
        private final OutputStream ut;
        private final List<Kolonner.Kolonne> kolonner;
        private final SXSSFWorkbook bok = new SXSSFWorkbook(VINDU);
        private final SXSSFSheet ark;
        private final CellStyle datoStil;
        private int rad = 1;

        Ark(OutputStream ut, List<Kolonner.Kolonne> kolonner, Valg valg) {
            this.ut = ut;
            this.kolonner = kolonner;
            this.ark = bok.createSheet(arknavn(valg.tittel()));
            Font fet = bok.createFont();
            fet.setBold(true);
            CellStyle hode = bok.createCellStyle();
            hode.setFont(fet);
            hode.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            hode.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            datoStil = bok.createCellStyle();
            datoStil.setDataFormat(bok.getCreationHelper().createDataFormat().getFormat("dd.mm.yyyy"));
            Row r = ark.createRow(0);
            for (int k = 0; k < kolonner.size(); k++) {
                Cell c = r.createCell(k);
                c.setCellValue(kolonner.get(k).overskrift());
                c.setCellStyle(hode);
                ark.setColumnWidth(k, kolonner.get(k).bredde() * 256);
            }
            ark.createFreezePane(0, 1);
        }

        @Override
        public void skriv(ObjectNode dokument) throws IOException {
            if (rad > MAKS_RADER) {
                throw new ForStortUttrekkException("Et XLSX-ark", MAKS_RADER);
            }
            Row r = ark.createRow(rad++);
            for (int k = 0; k < kolonner.size(); k++) {
                Kolonner.Kolonne kol = kolonner.get(k);
                String v = kol.verdi().apply(dokument);
                if (v == null || v.isEmpty()) {
                    continue;
                }
                Cell c = r.createCell(k);
                LocalDate dato = kol.dato() ? Persondokument.dato(v) : null;
                if (dato != null) {
                    c.setCellValue(dato);
                    c.setCellStyle(datoStil);
                } else {
                    c.setCellValue(v);
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                ark.setAutoFilter(new CellRangeAddress(0, Math.max(0, rad - 1), 0, kolonner.size() - 1));
                bok.write(Pdfside.aapenStroem(ut));
                ut.flush();
            } finally {
                // dispose removes the temporary file the rows were streamed to; close alone leaves it
                bok.dispose();
                bok.close();
            }
        }

        /** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
        private static String arknavn(String tittel) {
            String t = tittel == null || tittel.isBlank() ? "Uttrekk" : tittel.replaceAll("[:\\\\/?*\\[\\]]", " ").strip();
            return t.length() > 31 ? t.substring(0, 31) : t;
        }
    }
}
