package no.kommune.esb.hendelser;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Part of the pre-deploy check ({@link ValidateConfig}): every {@code routes/**}{@code /*.camel.yaml} must load with
 * Camel's own YAML DSL loader, so a YAML syntax error, an unknown key or an unknown step is reported as
 * {@code file:line:column} before deployment instead of stopping the start. The routes are loaded into a Camel
 * context that is never started: no endpoint is created, no bean looked up, nothing connects anywhere.
 */
public final class RuteValidator {

    public static final String ENDING = ".camel.yaml";

    private RuteValidator() {
    }

    /** Every problem in the route files under {@code routesDir}, at most one per file (Camel stops at the first). */
    static List<Problem> sjekk(Path routesDir) {
        if (!Files.isDirectory(routesDir)) {
            return List.of(new Problem(routesDir, "routes folder does not exist"));
        }
        List<Problem> problems = new ArrayList<>();
        // loading only builds route definitions: a context that is never started creates no endpoint and looks up no bean
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            for (Path file : rutefiler(routesDir, problems)) {
                last(camel, file).ifPresent(problems::add);
            }
        } finally {
            camel.shutdown();
        }
        return problems;
    }

    /**
     * The problem with one route file's text, if any, checked as {@link #sjekk(Path)} checks a file on disk; the reload
     * ({@code platform.konfig}) checks the very text it then hands to Camel.
     */
    public static Optional<Problem> sjekk(Path file, String text) {
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:" + file, text));
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(problem(file, e));
        } finally {
            camel.shutdown();
        }
    }

    /** The ids of the routes a valid route file's text defines (loaded into a context that is never started). */
    public static List<String> ruteIder(Path file, String text) {
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:" + file, text));
            return camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class).getRouteDefinitions().stream()
                    .map(org.apache.camel.model.RouteDefinition::getRouteId).filter(java.util.Objects::nonNull).toList();
        } catch (Exception e) {
            return List.of();
        } finally {
            camel.shutdown();
        }
    }

    /** The ids of the route templates a valid route file's text defines (loaded into a context that is never started). */
    public static List<String> malIder(Path file, String text) {
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:" + file, text));
            return camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class).getRouteTemplateDefinitions().stream()
                    .map(org.apache.camel.model.RouteTemplateDefinition::getId).filter(java.util.Objects::nonNull).toList();
        } catch (Exception e) {
            return List.of();
        } finally {
            camel.shutdown();
        }
    }

    /**
     * Whether {@code fil} under {@code dir} is one Camel's start-up loads (its pattern {@code file:routes/**}): no file
     * or folder on the way from {@code dir} is hidden (a name starting with "."). A Kubernetes ConfigMap mount keeps each
     * version of its files in a hidden folder {@code ..<timestamp>} behind the links {@code ..data} and the files
     * themselves; read there too, every route would be there twice, and the old folder's deletion at an update would
     * remove the route the update had just loaded.
     */
    public static boolean synlig(Path dir, Path fil) {
        for (Path del : dir.relativize(fil)) {
            if (del.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static List<Path> rutefiler(Path dir, List<Problem> problems) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(ENDING) && synlig(dir, f)).sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem(dir, "cannot list folder: " + e.getMessage()));
            return List.of();
        }
    }

    private static Optional<Problem> last(DefaultCamelContext camel, Path file) {
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:" + file));
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(problem(file, e));
        }
    }

    private static Problem problem(Path file, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked) {
                Optional<Mark> mark = marked.getProblemMark().or(marked::getContextMark);
                String reason = marked.getContext() == null || marked.getContext().isBlank()
                        ? marked.getProblem() : marked.getContext() + ": " + marked.getProblem();
                return mark.map(m -> new Problem(file, m.getLine() + 1, m.getColumn() + 1, reason))
                        .orElseGet(() -> new Problem(file, 1, 1, reason));
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new Problem(file, 1, 1, "not a valid Camel YAML route: " + root.getMessage());
    }
}
