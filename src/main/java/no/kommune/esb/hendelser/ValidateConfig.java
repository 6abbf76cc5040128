package no.kommune.esb.hendelser;

import ch.qos.logback.classic.Level;
import no.kommune.esb.proaktiv.UtloeserLoader;
import no.kommune.esb.uttrekk.Uttrekksregister;
import no.kommune.esb.uttrekk.format.Uttrekksformat;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The integration team's pre-deploy check: loads every fagsystem registration exactly as start-up does (with its
 * mapping compiled and its golden examples checked), every proactive trigger (config/proaktiv), every extract order
 * (config/uttrekk, against the registrations and the platform's output formats) and every Camel YAML route, then prints each problem as
 * {@code file:line:column: reason}, all of them in one run. Exit code 0 = valid, 1 = problems, 2 = wrong usage.
 * Run with {@code bin/validate-config} (docs/hendelser.md "Validate command").
 */
public final class ValidateConfig {

    static final String USAGE = "usage: validate-config [--fagsystemer=<folder>] [--mappings=<folder>] [--routes=<folder>] [--proaktiv=<folder>] [--uttrekk=<folder>] [<root>]\n"
            + "  <root> holds config/fagsystemer, config/proaktiv, config/uttrekk, mappings and routes (default: the current folder); the options point elsewhere";

    private ValidateConfig() {
    }

    public static void main(String[] args) {
        // Camel's and the loaders' INFO lines would drown the problem lines the team reads
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
        System.exit(run(args));
    }

    /** Does the work of {@link #main} and returns the exit code (so tests can call it). */
    static int run(String[] args) {
        Path root = Path.of("");
        String fagsystemer = null;
        String mappings = null;
        String routes = null;
        String proaktiv = null;
        String uttrekk = null;
        boolean rootGiven = false;
        for (String arg : args) {
            if (arg.startsWith("--fagsystemer=")) {
                fagsystemer = arg.substring("--fagsystemer=".length());
            } else if (arg.startsWith("--mappings=")) {
                mappings = arg.substring("--mappings=".length());
            } else if (arg.startsWith("--routes=")) {
                routes = arg.substring("--routes=".length());
            } else if (arg.startsWith("--proaktiv=")) {
                proaktiv = arg.substring("--proaktiv=".length());
            } else if (arg.startsWith("--uttrekk=")) {
                uttrekk = arg.substring("--uttrekk=".length());
            } else if (!arg.startsWith("-") && !rootGiven) {
                root = Path.of(arg);
                rootGiven = true;
            } else {
                System.err.println(USAGE);
                return 2;
            }
        }
        Path fagsystemerDir = fagsystemer != null ? Path.of(fagsystemer) : root.resolve("config/fagsystemer").normalize();
        Path mappingsDir = mappings != null ? Path.of(mappings) : root.resolve("mappings").normalize();
        Path routesDir = routes != null ? Path.of(routes) : root.resolve("routes").normalize();
        Path proaktivDir = proaktiv != null ? Path.of(proaktiv) : root.resolve("config/proaktiv").normalize();
        Path uttrekkDir = uttrekk != null ? Path.of(uttrekk) : root.resolve("config/uttrekk").normalize();

        FagsystemLoader.Resultat resultat = FagsystemLoader.last(fagsystemerDir, mappingsDir);
        List<Problem> problems = new ArrayList<>(resultat.problemer());
        problems.addAll(RuteValidator.sjekk(routesDir));
        // sender systems live in application.yaml, which this command does not read: start-up checks them
        UtloeserLoader.Resultat utloesere = UtloeserLoader.last(proaktivDir, null, new UtloeserLoader.Fagsystemer(resultat.fagsystemer(), mappingsDir));
        problems.addAll(utloesere.problemer());
        Uttrekksregister.Resultat bestillinger;
        try (AnnotationConfigApplicationContext formater = uttrekksformater(mappingsDir)) {
            bestillinger = Uttrekksregister.sjekk(uttrekkDir, List.copyOf(formater.getBeansOfType(Uttrekksformat.class).values()),
                    id -> resultat.fagsystemer().stream().filter(f -> f.id().equals(id)).findFirst());
        }
        problems.addAll(bestillinger.problemer());
        if (problems.isEmpty()) {
            System.out.println("OK: " + resultat.fagsystemer().size() + " fagsystem registration(s) valid in " + fagsystemerDir
                    + " with mappings and golden examples in " + mappingsDir + " ("
                    + String.join(", ", resultat.fagsystemer().stream().map(Fagsystem::id).sorted().toList())
                    + "); routes in " + routesDir + " load; " + utloesere.utloesere().size() + " proactive trigger(s) valid in " + proaktivDir
                    + "; " + bestillinger.bestillinger().size() + " extract order(s) valid in " + uttrekkDir);
            return 0;
        }
        problems.forEach(System.err::println);
        System.err.println("INVALID: " + problems.size() + " problem(s)");
        return 1;
    }

    /**
     * The output formats the platform has: the beans start-up finds in their package, in a context of that package only
     * (no brokers, no database), with the mappings folder this command was given and the formats' default limits.
     */
    private static AnnotationConfigApplicationContext uttrekksformater(Path mappingsDir) {
        AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext();
        ctx.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("validate-config", Map.of("hendelser.mappings-dir", mappingsDir.toString())));
        ctx.scan(Uttrekksformat.class.getPackageName());
        ctx.refresh();
        return ctx;
    }
}
