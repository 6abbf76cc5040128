package no.kommune.esb.platform.konfig;

import no.kommune.esb.hendelser.RuteValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The files of a watched folder and the SHA-256 of each, as read at one moment. Comparing two of them finds what
 * changed by content, not by timestamp, so a touched but unchanged file or a copy with a new time reloads nothing.
 */
record Filsett(Map<Path, String> sjekksummer) {

    /** What differs from an earlier set: files added, files whose content changed, files gone. */
    record Endring(Set<Path> nye, Set<Path> endrede, Set<Path> slettede) {

        boolean tom() {
            return nye.isEmpty() && endrede.isEmpty() && slettede.isEmpty();
        }

        /** The added and changed files. */
        Set<Path> nyeOgEndrede() {
            Set<Path> alle = new TreeSet<>(nye);
            alle.addAll(endrede);
            return alle;
        }
    }

    static final Filsett TOMT = new Filsett(Map.of());

    Filsett {
        sjekksummer = Map.copyOf(sjekksummer);
    }

    /**
     * Every regular file under {@code dir} that {@code velg} accepts, with its checksum; {@code dypt} also walks
     * sub-folders. Hidden files and folders (a name starting with ".", e.g. a Kubernetes ConfigMap's {@code ..data}
     * versions) are left out, as Camel's start-up leaves them ({@link RuteValidator#synlig}). A missing folder is an
     * empty set; a file that disappears while it is read is left out.
     */
    static Filsett les(Path dir, boolean dypt, Predicate<Path> velg) {
        if (!Files.isDirectory(dir)) {
            return TOMT;
        }
        Map<Path, String> summer = new LinkedHashMap<>();
        try (Stream<Path> filer = dypt ? Files.walk(dir) : Files.list(dir)) {
            for (Path f : filer.filter(f -> RuteValidator.synlig(dir, f)).filter(Files::isRegularFile).filter(velg).sorted().toList()) {
                try {
                    summer.put(f, sjekksum(Files.readAllBytes(f)));
                } catch (NoSuchFileException e) {
                    // deleted between listing and reading: the next round sees it gone
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read folder " + dir, e);
        }
        return new Filsett(summer);
    }

    /** This set and {@code annet} as one (two folders watched as one unit). */
    Filsett pluss(Filsett annet) {
        Map<Path, String> alle = new LinkedHashMap<>(sjekksummer);
        alle.putAll(annet.sjekksummer);
        return new Filsett(alle);
    }

    /** What changed from {@code forrige} to this set. */
    Endring endringFra(Filsett forrige) {
        Set<Path> nye = new TreeSet<>();
        Set<Path> endrede = new TreeSet<>();
        sjekksummer.forEach((fil, sum) -> {
            String foer = forrige.sjekksummer.get(fil);
            if (foer == null) {
                nye.add(fil);
            } else if (!foer.equals(sum)) {
                endrede.add(fil);
            }
        });
        Set<Path> slettede = new TreeSet<>(forrige.sjekksummer.keySet());
        slettede.removeAll(sjekksummer.keySet());
        return new Endring(nye, endrede, slettede);
    }

    String sjekksum(Path fil) {
        return sjekksummer.get(fil);
    }

    static String sjekksum(byte[] innhold) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(innhold));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
