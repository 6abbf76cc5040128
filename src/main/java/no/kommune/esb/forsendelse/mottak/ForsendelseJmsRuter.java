package no.kommune.esb.forsendelse.mottak;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Makes one JMS intake route per sender system from the route template {@value #MAL}
 * ({@code routes/forsendelse/forsendelse-mottak-jms.camel.yaml}) once Camel has loaded the route files, so each
 * fagsystem has its own queue {@code fagsystem.<id>.forsendelse.inn} that only its broker user may send to.
 */
@Component
public class ForsendelseJmsRuter implements CamelContextConfiguration {

    /** Id of the route template in the route file. */
    static final String MAL = "forsendelse-mottak-jms";

    private static final Logger log = LoggerFactory.getLogger(ForsendelseJmsRuter.class);

    private final List<String> avsendersystemer;

    public ForsendelseJmsRuter(InnleveringProperties properties) {
        this.avsendersystemer = List.copyOf(properties.avsendersystemer());
    }

    /** The intake queue of a sender system. */
    public static String innkoe(String avsender) {
        return "fagsystem." + avsender + ".forsendelse.inn";
    }

    /** The queue a sender system reads its intake answers from. */
    public static String svarkoe(String avsender) {
        return "fagsystem." + avsender + ".forsendelse.svar";
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // the route files are loaded while the context starts; the routes are made afterwards
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (String avsender : avsendersystemer) {
            try {
                camelContext.addRouteFromTemplate(MAL + "-" + avsender, MAL, Map.of("avsender", avsender));
            } catch (Exception e) {
                throw new IllegalStateException("Could not make the JMS intake route for " + avsender + ": " + e.getMessage(), e);
            }
        }
        log.info("JMS letter intake on {} sender queues fagsystem.<id>.forsendelse.inn", avsendersystemer.size());
    }
}
