package no.kommune.esb.simulator.population;

import no.kommune.esb.platform.Traader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes the {@link SyntheticPopulation} bean from {@code simulator.population.*}; replays the change journal
 * under {@code simulator.data-dir} when set; runs random changes every {@code change-interval} when above zero.
 */
@Configuration
public class PopulationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PopulationConfiguration.class);

    @Bean
    public SyntheticPopulation syntheticPopulation(@Value("${simulator.population.seed:20260101}") long seed,
                                                   @Value("${simulator.population.size:2000}") int size,
                                                   @Value("${simulator.population.kommunenummer:4601}") String kommunenummer,
                                                   @Value("${simulator.data-dir:}") String dataDir,
                                                   Clock simulatorClock) {
        long started = System.nanoTime();
        SyntheticPopulation population = SyntheticPopulation.generate(seed, size, kommunenummer, simulatorClock);
        if (!dataDir.isBlank()) {
            ChangeJournal journal = ChangeJournal.in(Path.of(dataDir), seed, size, kommunenummer);
            population.attachJournal(journal);
            log.info("Population journal {} replayed up to sekvensnummer {}", journal.file(), population.lastSequence());
        } else {
            log.warn("simulator.data-dir is not set: population changes are kept in memory only and lost at restart");
        }
        log.info("Synthetic population of {} persons (seed {}, kommune {}) ready in {} ms", population.size(), seed, kommunenummer,
                (System.nanoTime() - started) / 1_000_000);
        return population;
    }

    /** Applies a random change every interval; a zero interval switches the timer off. */
    @Bean
    public PopulationChangeTimer populationChangeTimer(SyntheticPopulation population,
                                                       @Value("${simulator.population.change-interval:0s}") Duration interval) {
        return new PopulationChangeTimer(population, interval);
    }

    /**
     * Runs the timed changes on its own daemon thread. Not an {@link java.util.concurrent.Executor} bean, so
     * Spring Boot's own task executor is still configured.
     */
    public static final class PopulationChangeTimer implements DisposableBean {

        private final ScheduledExecutorService timer;

        PopulationChangeTimer(SyntheticPopulation population, Duration interval) {
            if (interval.isZero() || interval.isNegative()) {
                timer = null;
                return;
            }
            timer = Executors.newSingleThreadScheduledExecutor(Traader.daemon("population-changes"));
            timer.scheduleAtFixedRate(() -> {
                try {
                    ChangeResult result = population.randomChange();
                    log.debug("Timed population change {} gave sekvensnummer {}", result.kind(), result.sekvensnumre());
                } catch (RuntimeException e) {
                    log.warn("Timed population change failed: {}", e.getMessage());
                }
            }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        public boolean running() {
            return timer != null;
        }

        @Override
        public void destroy() {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }
}
