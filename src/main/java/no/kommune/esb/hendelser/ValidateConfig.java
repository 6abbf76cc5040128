package no.kommune.esb.hendelser;

import java.nio.file.Path;

/**
 * The integration team's pre-deploy check: loads every fagsystem registration, compiles every mapping and
 * prints all problems with file and reason. Exit code 0 = valid, 1 = problems, 2 = wrong usage.
 * Run with {@code bin/validate-config [fagsystemer-folder] [mappings-folder]} (defaults: config/fagsystemer, mappings).
 */
public final class ValidateConfig {

    private ValidateConfig() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Does the work of {@link #main} and returns the exit code (so tests can call it). */
    static int run(String[] args) {
        if (args.length > 2) {
            System.err.println("usage: validate-config [fagsystemer-folder] [mappings-folder]");
            return 2;
        }
        Path fagsystemer = Path.of(args.length > 0 ? args[0] : "config/fagsystemer");
        Path mappings = Path.of(args.length > 1 ? args[1] : "mappings");
        FagsystemLoader.Resultat resultat = FagsystemLoader.last(fagsystemer, mappings);
        if (resultat.ok()) {
            System.out.println("OK: " + resultat.fagsystemer().size() + " fagsystem registration(s) valid in " + fagsystemer
                    + ", mappings compiled from " + mappings + ": "
                    + String.join(", ", resultat.fagsystemer().stream().map(Fagsystem::id).sorted().toList()));
            return 0;
        }
        System.err.println("INVALID: " + resultat.problemer().size() + " problem(s):");
        resultat.problemer().forEach(p -> System.err.println("  " + p));
        return 1;
    }
}
