package no.kommune.esb.proaktiv;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings under {@code proaktiv.*}.
 *
 * @param utloesereDir        folder of the trigger files, one {@code <name>.yaml} each
 * @param kommunenavn         the kommune's name, for the {@code {kommune}} placeholder
 * @param batchSize           stored events read per round
 * @param overstyrAktiv       per trigger name, an {@code aktiv} that wins over the file's (the test profile switches the
 *                            shipped triggers off so other tests' events send no letters)
 * @param ulesbarMaksForsoek  rounds an event whose person's Folkeregisteret document cannot be read is read in before it is
 *                            given up ({@code proaktiv_ulesbar.oppgitt}, V76); default 48 (two days at one try an hour)
 */
@ConfigurationProperties("proaktiv")
public record ProaktivProperties(Path utloesereDir, String kommunenavn, Integer batchSize, Map<String, Boolean> overstyrAktiv,
                                 Integer ulesbarMaksForsoek) {

    @ConstructorBinding
    public ProaktivProperties(Path utloesereDir, String kommunenavn, Integer batchSize, Map<String, Boolean> overstyrAktiv,
                              Integer ulesbarMaksForsoek) {
        this.utloesereDir = utloesereDir == null ? Path.of("config/proaktiv") : utloesereDir;
        this.kommunenavn = kommunenavn;
        this.batchSize = batchSize == null ? 500 : batchSize;
        this.overstyrAktiv = overstyrAktiv == null ? Map.of() : Map.copyOf(overstyrAktiv);
        this.ulesbarMaksForsoek = ulesbarMaksForsoek == null ? 48 : Math.max(1, ulesbarMaksForsoek);
    }

    public ProaktivProperties(Path utloesereDir, String kommunenavn, Integer batchSize, Map<String, Boolean> overstyrAktiv) {
        this(utloesereDir, kommunenavn, batchSize, overstyrAktiv, null);
    }
}
