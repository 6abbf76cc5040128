package no.kommune.esb.mapping;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a configuration names relative to the mappings folder (a mapping, an input layout): where it is, whether it stays
 * inside the folder (a name like {@code ../../etc/passwd} does not) and whether it is a regular file.
 *
 * @param fil      the file, resolved against the mappings folder and normalised
 * @param innenfor true when the file is inside the mappings folder
 * @param finnes   true when it is inside and a regular file
 */
public record Mappingfil(Path fil, boolean innenfor, boolean finnes) {

    /** Resolves {@code navn} under {@code mappingsDir}. */
    public static Mappingfil under(Path mappingsDir, String navn) {
        Path root = mappingsDir.toAbsolutePath().normalize();
        Path fullt = root.resolve(navn).normalize();
        boolean innenfor = fullt.startsWith(root);
        return new Mappingfil(mappingsDir.resolve(navn).normalize(), innenfor, innenfor && Files.isRegularFile(fullt));
    }
}
