package no.kommune.esb.konsoll;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** The points of a small SVG line chart (a sparkline): the values scaled into a box, the highest at the top. */
final class Sparklinje {

    private Sparklinje() {
    }

    /** {@code "x,y x,y …"} for an SVG {@code polyline} in a {@code bredde}×{@code hoeyde} box; one value draws a flat line. */
    static String punkter(List<Double> verdier, int bredde, int hoeyde) {
        if (verdier.isEmpty()) {
            return "0," + hoeyde + " " + bredde + "," + hoeyde;
        }
        double maks = verdier.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double min = Math.min(0, verdier.stream().mapToDouble(Double::doubleValue).min().orElse(0));
        double spenn = maks - min == 0 ? 1 : maks - min;
        int n = verdier.size();
        StringJoiner punkter = new StringJoiner(" ");
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? bredde : (double) i * bredde / (n - 1);
            // one pixel margin so a flat line at the top or bottom stays visible
            double y = 1 + (hoeyde - 2) * (1 - (verdier.get(i) - min) / spenn);
            punkter.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        String linje = punkter.toString();
        return n == 1 ? "0" + linje.substring(linje.indexOf(',')) + " " + linje : linje;
    }
}
