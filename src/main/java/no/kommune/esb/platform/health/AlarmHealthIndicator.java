package no.kommune.esb.platform.health;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Operator alarms (table {@code alarm}, e.g. the Folkeregisteret feed position is too old and a resync is needed)
 * show in {@code /actuator/health} as DOWN until someone acknowledges them ({@code kvittert}); each with its message in
 * words and, where it has one, its stable code ({@code aarsak}, V54).
 */
@Component("alarmer")
public class AlarmHealthIndicator extends AbstractHealthIndicator {

    private final JdbcTemplate jdbc;

    public AlarmHealthIndicator(JdbcTemplate jdbc) {
        super("Alarm health check failed");
        this.jdbc = jdbc;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<Map<String, Object>> aapne = jdbc.queryForList(
                "select id, kilde, melding, aarsak, tid from alarm where kvittert is null order by id desc limit 5");
        if (aapne.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("aapneAlarmer", aapne);
        }
    }
}
